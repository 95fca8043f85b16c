// One render thread of the worker (certificate-makers.ts): makes a certificate's files at a time, on a core the
// worker's own thread leaves free for PostgreSQL, Redis and the next batch. Loaded by Piscina, which calls the default
// export with each task; the issuer (its signing key included) comes once, as the thread's workerData.
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { type CertificateContent, type CertificateIssuer, makeCertificateFiles } from '@amahoro/certificates/certificate-files.js';

export interface RenderTask {
  certificate: CertificateContent;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  /** Shared with the worker thread: set to 1 once this thread begins the certificate (certificate-makers.ts). */
  begun: Int32Array;
}

/**
 * A made certificate as it crosses to the worker thread: the PDF's and the credential's bytes are moved (their
 * memory handed over, not copied), and the credential arrives as UTF-8 bytes, outside the worker thread's heap. As a
 * string (~2 kB) it was held there until its issue went, long enough to be promoted, and marked at every mark-compact.
 * Promoted bytes still count against the heap's limit until collected: the worker thread frees them once issued
 * (certificates-issuer.ts).
 */
export interface RenderedCertificate {
  pdf: Uint8Array;
  pdfSha256: string;
  credential: Uint8Array;
}

const issuer = workerData as CertificateIssuer;
const utf8 = new TextEncoder();

/** The bytes in a memory of their own, which can be moved (a Buffer may be a view of a shared pool). */
const own = (bytes: Uint8Array): Uint8Array => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));

/** Piscina's Transferable: the value, and the memory to move with it. */
class Moved {
  constructor(private readonly value: RenderedCertificate) {}
  get [transferableSymbol](): ArrayBufferLike[] {
    return [this.value.pdf.buffer, this.value.credential.buffer];
  }
  get [valueSymbol](): RenderedCertificate {
    return this.value;
  }
}

/** The thread holds the next certificates while it makes one (certificate-makers.ts): they are made one after the other. */
let previous: Promise<unknown> = Promise.resolve();

export default function make({ certificate, issuedAt, begun }: RenderTask): Promise<unknown> {
  const made = previous.then(async () => {
    Atomics.store(begun, 0, 1);
    const { pdf, pdfSha256, credential } = await makeCertificateFiles(certificate, new Date(issuedAt), issuer);
    return move(new Moved({ pdf: own(pdf), pdfSha256, credential: own(utf8.encode(credential)) }));
  });
  previous = made.catch(() => undefined);
  return made;
}
