// One render thread of the worker (certificate-makers.ts): makes a certificate's files at a time, on a core the
// worker's own thread leaves free for PostgreSQL, Redis and the next batch. Loaded by Piscina, which calls the default
// export with each task; the issuer (its signing key included) comes once, as the thread's workerData.
import { workerData } from 'node:worker_threads';
import { type CertificateContent, type CertificateFiles, type CertificateIssuer, makeCertificateFiles } from '@amahoro/certificates/certificate-files.js';

export interface RenderTask {
  certificate: CertificateContent;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  /** Shared with the worker thread: set to 1 once this thread begins the certificate (certificate-makers.ts). */
  begun: Int32Array;
}

const issuer = workerData as CertificateIssuer;

/** The thread holds the next certificate while it makes one (certificate-makers.ts): they are made one after the other. */
let previous: Promise<unknown> = Promise.resolve();

export default function make({ certificate, issuedAt, begun }: RenderTask): Promise<CertificateFiles> {
  const made = previous.then(() => {
    Atomics.store(begun, 0, 1);
    return makeCertificateFiles(certificate, new Date(issuedAt), issuer);
  });
  previous = made.catch(() => undefined);
  return made;
}
