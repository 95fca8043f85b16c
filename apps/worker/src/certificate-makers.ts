// The worker's render threads: a certificate's PDF and credential are made off the worker's own thread (which reads,
// writes and talks to the queue), so one worker process keeps two cores busy. A Piscina pool of RENDER_THREADS threads,
// each with a bounded heap; a thread that dies fails the certificate it was making (its job runs again) and is replaced.
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { AppConfig } from '@amahoro/config/config.js';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { CertificateContent, CertificateIssuer } from '@amahoro/certificates/certificate-files.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import type { RenderedCertificate, RenderTask } from './render-thread.js';

/**
 * Certificates a render thread holds: the one it makes and the next three, so that it never waits for the worker thread
 * (busy or off the core) to hand it another between two. With one (Piscina's default) the render thread waited for
 * work after ~85 % of its certificates, idle ~12-14 % of the time; with two, after ~20 %, and 1 worker issued 10-20 % more
 * certificates per second at 6-17 % less CPU of the worker process per certificate (4 interleaved pairs, 1,000
 * certificates after 1,000 of warm-up, /proc stat and schedstat). With four on a slower, busier machine, whose worker
 * thread waits longer for a core, the render thread ran 75-77 % of the batch against 70-73 % with two, in each of 6
 * interleaved pairs of 2,000 certificates (bench certificates; its CPU per certificate × certificates per second), and 1
 * worker issued 482 against 444 per second on average (more in 4 of the 6); eight ran no more (74-76 %). They are made
 * one after the other (render-thread.ts); a thread that dies fails only the one it was making.
 */
const HELD_PER_THREAD = 4;

/** A made certificate in the worker thread: the credential as its UTF-8 bytes, as it came (render-thread.ts). */
export interface MadeCertificate {
  pdf: Buffer;
  pdfSha256: string;
  credential: Buffer;
}

@Injectable()
export class CertificateMakers implements OnApplicationShutdown {
  private readonly pool: Piscina<RenderTask, RenderedCertificate>;
  /** Certificates given to the render threads and not made (or failed) yet. */
  private making = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(ISSUER_KEYS) keys: IssuerKeys) {
    const issuer: CertificateIssuer = { academyName: config.certificates.academyName, publicBaseUrl: config.publicBaseUrl, keys };
    this.pool = new Piscina({
      filename: new URL('./render-thread.js', import.meta.url).href,
      minThreads: config.renderThreads,
      maxThreads: config.renderThreads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: HELD_PER_THREAD,
      resourceLimits: { maxOldGenerationSizeMb: config.renderHeap.oldMb, maxYoungGenerationSizeMb: config.renderHeap.youngMb },
      workerData: issuer,
    });
  }

  /** Whether the render threads have certificates in hand: more will be made shortly. */
  get busy(): boolean {
    return this.making > 0;
  }

  async make(certificate: CertificateContent, issuedAt: Date): Promise<MadeCertificate> {
    const task: RenderTask = { certificate, issuedAt: issuedAt.getTime(), begun: new Int32Array(new SharedArrayBuffer(4)) };
    this.making++;
    let made: RenderedCertificate;
    try {
      made = await this.pool.run(task).catch((error: unknown) => {
        // A thread that died fails the certificate it was making; those it held but had not begun go to another (its
        // replacement), once.
        if (Atomics.load(task.begun, 0) !== 0) throw error;
        return this.pool.run(task);
      });
    } finally {
      this.making--;
    }
    // Moved across threads, the bytes arrive as plain Uint8Arrays.
    const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { pdf: buffer(made.pdf), pdfSha256: made.pdfSha256, credential: buffer(made.credential) };
  }

  /** After the BullMQ workers have finished the jobs in hand (beforeApplicationShutdown). */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
