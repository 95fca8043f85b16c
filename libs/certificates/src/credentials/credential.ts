// A certificate as an Open Badges 3.0 OpenBadgeCredential (W3C VC Data Model 2.0), signed as a VC-JWT: a
// holder can hand it to anyone, who can check it with the academy's public key alone.
import { issuerDid, statusListUrl } from './issuer.js';
import type { IssuerKeys } from './keys.js';
import { STATUS_LIST_SIZE } from './status-list.js';
import { OB_CONTEXT_V3, signVcJwt, VC_CONTEXT_V2, xsdDateTime } from './vc-jwt.js';

export interface CertificateClaims {
  certificateId: string;
  serial: string;
  holderName: string;
  /** Never written into the credential: it travels wherever the holder shows it. */
  holderEmail?: string;
  courseTitle: string;
  courseCode: string;
  courseSummary?: string;
  durationHours: number;
  startsOn: string;
  endsOn: string;
  completedOn: string;
  issuedAt: Date;
  statusListIndex: number;
  academyName: string;
  verificationUrl: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function credentialId(certificateId: string): string {
  return `urn:uuid:${certificateId.toLowerCase()}`;
}

export async function signCertificateCredential(claims: CertificateClaims, keys: IssuerKeys, publicBaseUrl: string): Promise<string> {
  if (!UUID.test(claims.certificateId)) throw new TypeError(`certificateId must be a UUID (got "${claims.certificateId}")`);
  const index = claims.statusListIndex;
  if (!Number.isInteger(index) || index < 0 || index >= STATUS_LIST_SIZE) {
    throw new RangeError(`statusListIndex must be a whole number from 0 to ${STATUS_LIST_SIZE - 1} (got ${index})`);
  }
  const id = credentialId(claims.certificateId);
  const subjectId = `${id}#holder`;
  const list = statusListUrl(publicBaseUrl);
  const course = `${claims.courseCode} "${claims.courseTitle}"`;
  const credential = {
    '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: claims.courseTitle,
    description:
      `${claims.holderName} completed ${course}, held from ${claims.startsOn} to ${claims.endsOn}, ` +
      `on ${claims.completedOn}. Certificate ${claims.serial}.`,
    issuer: { id: issuerDid(publicBaseUrl), type: ['Profile'], name: claims.academyName, url: publicBaseUrl },
    validFrom: xsdDateTime(claims.issuedAt),
    credentialSubject: {
      id: subjectId,
      type: ['AchievementSubject'],
      name: claims.holderName,
      achievement: {
        // The course, not this certificate: every certificate of one course names the same achievement.
        id: `${publicBaseUrl}/api/v1/courses/by-code/${encodeURIComponent(claims.courseCode)}`,
        type: ['Achievement'],
        name: claims.courseTitle,
        description: claims.courseSummary?.trim() || `The ${claims.durationHours}-hour course ${course} of ${claims.academyName}.`,
        criteria: {
          narrative:
            `Completion of the ${claims.durationHours}-hour course ${course} of ${claims.academyName}: ` +
            'a final weighted score at or above the course pass mark and attendance at or above the required minimum.',
        },
        achievementType: 'Certificate',
        humanCode: claims.courseCode,
      },
    },
    evidence: [
      { id: claims.verificationUrl, type: ['Evidence'], name: `Certificate ${claims.serial}`, description: 'The public verification page of this certificate.' },
    ],
    credentialStatus: {
      id: `${list}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: list,
    },
  };
  return signVcJwt(credential, subjectId, keys, publicBaseUrl);
}
