// The worker's render threads: a certificate's PDF and credential are made off the worker's own thread (which reads,
// writes and talks to the queue), so one worker process keeps two cores busy. A Piscina pool of RENDER_THREADS threads,
// each with a bounded heap; a thread that dies fails the certificates it held (their job runs again) and is replaced.
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { AppConfig } from '@amahoro/config/config.js';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { CertificateContent, CertificateFiles, CertificateIssuer } from '@amahoro/certificates/certificate-files.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import type { RenderTask } from './render-thread.js';

@Injectable()
export class CertificateMakers implements OnApplicationShutdown {
  private readonly pool: Piscina<RenderTask, CertificateFiles>;
  /** Certificates given to the render threads and not made (or failed) yet. */
  private making = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(ISSUER_KEYS) keys: IssuerKeys) {
    const issuer: CertificateIssuer = { academyName: config.certificates.academyName, publicBaseUrl: config.publicBaseUrl, keys };
    this.pool = new Piscina({
      filename: new URL('./render-thread.js', import.meta.url).href,
      minThreads: config.renderThreads,
      maxThreads: config.renderThreads,
      idleTimeout: Number.POSITIVE_INFINITY,
      resourceLimits: { maxOldGenerationSizeMb: config.renderHeap.oldMb, maxYoungGenerationSizeMb: config.renderHeap.youngMb },
      workerData: issuer,
    });
  }

  /** Whether the render threads have certificates in hand: more will be made shortly. */
  get busy(): boolean {
    return this.making > 0;
  }

  async make(certificate: CertificateContent, issuedAt: Date): Promise<CertificateFiles> {
    this.making++;
    let made: CertificateFiles;
    try {
      made = await this.pool.run({ certificate, issuedAt: issuedAt.getTime() });
    } finally {
      this.making--;
    }
    // Cloned across threads, the PDF arrives as a plain Uint8Array.
    return { ...made, pdf: Buffer.from(made.pdf.buffer, made.pdf.byteOffset, made.pdf.byteLength) };
  }

  /** After the BullMQ workers have finished the jobs in hand (beforeApplicationShutdown). */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
