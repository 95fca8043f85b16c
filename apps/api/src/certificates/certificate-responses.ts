import type { Certificate } from './certificates.repository.js';
import type { CertificateResponse, PublicVerification } from './dto/certificate.dto.js';

export function toCertificateResponse(certificate: Certificate, publicBaseUrl: string): CertificateResponse {
  return {
    id: certificate.id,
    serial: certificate.serial,
    status: certificate.status,
    enrollmentId: certificate.enrollmentId,
    holderName: certificate.holderName,
    courseTitle: certificate.courseTitle,
    courseCode: certificate.courseCode,
    completedOn: certificate.completedOn,
    issuedAt: certificate.issuedAt?.toISOString(),
    verificationUrl: `${publicBaseUrl}/verify/${certificate.serial}`,
    failureReason: certificate.failureReason ?? undefined,
    revokedAt: certificate.revokedAt?.toISOString(),
    revocationReason: certificate.revocationReason ?? undefined,
    pdfSha256: certificate.pdfSha256 ?? undefined,
    replacesId: certificate.replacesId ?? undefined,
    createdAt: certificate.createdAt.toISOString(),
  };
}

/** What anyone may learn from a serial: what the certificate itself shows, its status, and what replaced it. */
export function toPublicVerification(certificate: Certificate, replacedBy: string | null, issuer: string): PublicVerification {
  return {
    valid: certificate.status === 'issued',
    status: certificate.status,
    serial: certificate.serial,
    holderName: certificate.holderName,
    courseTitle: certificate.courseTitle,
    courseCode: certificate.courseCode,
    completedOn: certificate.completedOn,
    issuedAt: certificate.issuedAt?.toISOString(),
    revokedAt: certificate.revokedAt?.toISOString(),
    revocationReason: certificate.revocationReason ?? undefined,
    replacedBy: replacedBy ?? undefined,
    issuer,
  };
}
