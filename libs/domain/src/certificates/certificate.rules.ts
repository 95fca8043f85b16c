import { randomBytes } from 'node:crypto';
import type { EnrollmentStatus } from '../enrollments/enrollment.rules.js';

export const CERTIFICATE_STATUSES = ['queued', 'issued', 'failed', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

// Crockford's base 32: no I, L, O or U, so a serial read aloud or typed from paper is hard to get wrong.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SERIAL_CHARS = 25; // 25 × 5 = 125 random bits: unguessable
export const SERIAL_PATTERN = /^AMH(-[0-9A-HJKMNP-TV-Z]{5}){5}$/;
/** Every character a serial can hold (AMH is in the alphabet). */
export const SERIAL_CHARACTERS = `${ALPHABET}-`;

/** A serial such as AMH-7K3QA-9XW2M-M4TPB-8RBDC-2HNCE: 125 random bits in five groups. */
export function newSerial(): string {
  const bytes = randomBytes(16); // 128 bits, of which 125 are used
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let chars = '';
  for (let i = 0; i < SERIAL_CHARS; i++) {
    chars += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `AMH-${chars.match(/.{5}/g)!.join('-')}`;
}

/** What a person types: any case, spaces or missing dashes, and the look-alikes Crockford maps (O→0, I/L→1). */
export function normalizeSerial(input: string): string {
  const chars = input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/^AMH/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return chars.length === SERIAL_CHARS ? `AMH-${chars.match(/.{5}/g)!.join('-')}` : input.trim().toUpperCase();
}

/** The public reason of a certificate revoked because finalising again changed its holder's result. */
export const RESULT_CHANGED_REASON = 'Result changed after re-assessment';

/** Only a completed enrolment earns a certificate; SQL that selects the eligible filters on this value. */
export const ELIGIBLE_ENROLLMENT_STATUS = 'completed' satisfies EnrollmentStatus;

export function isEligible(enrollmentStatus: EnrollmentStatus): boolean {
  return enrollmentStatus === ELIGIBLE_ENROLLMENT_STATUS;
}

/** Which moves an admin can make on a certificate. */
export function canRevoke(status: CertificateStatus): boolean {
  return status !== 'revoked';
}

export function canRetry(status: CertificateStatus): boolean {
  return status === 'failed';
}

export function canReissue(status: CertificateStatus): boolean {
  return status === 'issued' || status === 'failed';
}
