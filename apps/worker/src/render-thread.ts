// One render thread of the worker (certificate-makers.ts): makes a certificate's files at a time, on a core the
// worker's own thread leaves free for PostgreSQL, Redis and the next batch. Loaded by Piscina, which calls the default
// export with each task; the issuer (its signing key included) comes once, as the thread's workerData.
import { workerData } from 'node:worker_threads';
import { type CertificateContent, type CertificateFiles, type CertificateIssuer, makeCertificateFiles } from '@amahoro/certificates/certificate-files.js';

export interface RenderTask {
  certificate: CertificateContent;
  /** Milliseconds since the epoch. */
  issuedAt: number;
}

const issuer = workerData as CertificateIssuer;

export default function make({ certificate, issuedAt }: RenderTask): Promise<CertificateFiles> {
  return makeCertificateFiles(certificate, new Date(issuedAt), issuer);
}
