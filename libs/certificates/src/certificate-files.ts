// What issuing makes of a queued certificate: its PDF, the PDF's SHA-256 and its signed credential, from the
// certificate's snapshot, the moment of issue and the issuer alone. Pure work on one core: the worker runs it in its
// render threads (apps/worker/src/certificate-makers.ts).
import { createHash } from 'node:crypto';
import { renderCertificatePdf } from './certificate-pdf.js';
import { signCertificateCredential } from './credentials/credential.js';
import type { IssuerKeys } from './credentials/keys.js';

/** A certificate as it was snapshotted when queued. */
export interface CertificateContent {
  id: string;
  serial: string;
  holderName: string;
  courseTitle: string;
  courseCode: string;
  courseSummary: string | null;
  startsOn: string;
  endsOn: string;
  durationHours: number;
  completedOn: string;
  statusListIndex: number;
}

export interface CertificateIssuer {
  academyName: string;
  publicBaseUrl: string;
  keys: IssuerKeys;
}

export interface CertificateFiles {
  pdf: Buffer;
  pdfSha256: string;
  credential: string;
}

export async function makeCertificateFiles(certificate: CertificateContent, issuedAt: Date, issuer: CertificateIssuer): Promise<CertificateFiles> {
  const { academyName, publicBaseUrl } = issuer;
  const verificationUrl = `${publicBaseUrl}/verify/${certificate.serial}`;
  const [pdf, credential] = await Promise.all([
    renderCertificatePdf({ ...certificate, academyName, issuedOn: issuedAt.toISOString().slice(0, 10), verificationUrl }),
    signCertificateCredential(
      { ...certificate, certificateId: certificate.id, courseSummary: certificate.courseSummary ?? undefined, issuedAt, academyName, verificationUrl },
      issuer.keys,
      publicBaseUrl,
    ),
  ]);
  return { pdf, pdfSha256: createHash('sha256').update(pdf).digest('hex'), credential };
}
