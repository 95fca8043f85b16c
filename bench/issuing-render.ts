// The baseline of the certificate benchmarks: the renderer alone (and with the credential's signature) in a loop in
// this process, one certificate after the other.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AppConfig } from '@amahoro/config/config.js';
import { type CertificatePdfData, renderCertificatePdf } from '@amahoro/certificates/certificate-pdf.js';
import { signCertificateCredential } from '@amahoro/certificates/credentials/credential.js';
import { loadIssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { STATUS_LIST_SIZE } from './issuing-seed.js';
import { batchResult, benchSettings, mainThreadCpuMicros, type Result } from './support.js';

export interface Rendered {
  /** Certificates per second of wall time; cpu: of the whole process (all threads, as for the workers) per certificate. */
  result: Result;
  /** CPU time of the thread that renders (this one) per certificate, µs: the work of one core, whatever else runs. */
  threadMicrosPerCertificate?: number;
}

/**
 * Certificates a renderer makes before it is measured (unless BENCH_WARMUP=0): each render loop here, and each worker
 * process of the certificate benchmark. Why so many: a fresh process renders its first several hundred certificates far
 * slower (4.3-5.9 ms of its thread against ~3 ms later, V8's compiler threads adding CPU besides), so with 50 the loop
 * measured first (render only) bore the warm-up of the one after it, and render+sign came out cheaper than rendering
 * alone; and workers warmed on 100 were measured against a warm loop.
 */
export const WARMUP_CERTIFICATES = 1000;

/**
 * The renderer alone (with `sign`, PDF and credential at once, as the worker makes them), one certificate after the
 * other in this process.
 */
export async function renderLoop(config: AppConfig, inputs: CertificatePdfData[], sign: boolean, warmup = WARMUP_CERTIFICATES): Promise<Rendered> {
  const keys = sign ? await loadIssuerKeys({ signingKeyJwk: config.certificates.signingKeyJwk, dataDir: config.dataDir }) : undefined;
  const one = async (data: CertificatePdfData, index: number): Promise<void> => {
    const pdf = renderCertificatePdf(data);
    if (!keys) {
      await pdf;
      return;
    }
    await Promise.all([
      pdf,
      signCertificateCredential(
        {
          certificateId: randomUUID(),
          serial: data.serial,
          holderName: data.holderName,
          courseTitle: data.courseTitle,
          courseCode: data.courseCode,
          courseSummary: 'Seeded by the benchmark.',
          durationHours: data.durationHours,
          startsOn: data.startsOn,
          endsOn: data.endsOn,
          completedOn: data.endsOn,
          issuedAt: new Date(),
          statusListIndex: index % STATUS_LIST_SIZE,
          academyName: data.academyName,
          verificationUrl: data.verificationUrl,
        },
        keys,
        config.publicBaseUrl,
      ),
    ]);
  };
  if (benchSettings().warmupSeconds > 0) for (let i = 0; i < warmup; i++) await one(inputs[i % inputs.length]!, i);
  const latenciesMs: number[] = [];
  const cpuBefore = process.cpuUsage();
  const threadBefore = mainThreadCpuMicros();
  const started = performance.now();
  for (const [index, data] of inputs.entries()) {
    const at = performance.now();
    await one(data, index);
    latenciesMs.push(performance.now() - at);
  }
  const elapsedMs = performance.now() - started;
  const threadAfter = mainThreadCpuMicros();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    result: batchResult({ latenciesMs, failures: 0, elapsedMs, cpuMicros: cpu.user + cpu.system }),
    threadMicrosPerCertificate: threadBefore === undefined || threadAfter === undefined ? undefined : (threadAfter - threadBefore) / inputs.length,
  };
}
