// Keys and certificate claims for the credential specs.
import { exportJWK, generateKeyPair } from 'jose';
import type { CertificateClaims } from './credential.js';
import { type IssuerKeys, loadIssuerKeys } from './keys.js';

export const BASE_URL = 'https://academy.example.org';
export const ISSUER = 'did:web:academy.example.org';

/** A fresh Ed25519 key, loaded the way a configured CREDENTIAL_SIGNING_KEY is. */
export async function newIssuerKeys(): Promise<IssuerKeys> {
  const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  return loadIssuerKeys({ signingKeyJwk: JSON.stringify(await exportJWK(privateKey)), dataDir: '/nonexistent' });
}

export function certificateClaims(overrides: Partial<CertificateClaims> = {}): CertificateClaims {
  return {
    certificateId: '6f1c2b7e-3d4a-4b8e-9c0f-1a2b3c4d5e6f',
    serial: 'AMH-2025-000123',
    holderName: 'Aline Uwimana',
    holderEmail: 'aline.uwimana@example.org',
    courseTitle: 'Protection of Civilians in UN Peace Operations',
    courseCode: 'POC-101',
    courseSummary: 'Legal and operational frameworks for protecting civilians.',
    durationHours: 40,
    startsOn: '2025-03-03',
    endsOn: '2025-03-14',
    completedOn: '2025-03-14',
    issuedAt: new Date('2025-03-20T09:30:00.000Z'),
    statusListIndex: 42,
    academyName: 'Amahoro Peace Academy',
    verificationUrl: `${BASE_URL}/verify/AMH-2025-000123`,
    ...overrides,
  };
}
