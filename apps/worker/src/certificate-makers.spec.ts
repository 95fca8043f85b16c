import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Piscina } from 'piscina';
import { loadConfig } from '@amahoro/config/config.js';
import { type CertificateContent, makeCertificateFiles } from '@amahoro/certificates/certificate-files.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { newIssuerKeys } from '@amahoro/certificates/credentials/testing.js';
import { CertificateMakers } from './certificate-makers.js';

const certificate: CertificateContent = {
  id: '6f1c2b7e-3d4a-4b8e-9c0f-1a2b3c4d5e6f',
  serial: 'AMH-7K3Q-9XW2-M4TP-8RBD-2HNC',
  holderName: 'Nguyễn Thị Lan',
  courseTitle: 'Protection of Civilians in UN Peace Operations',
  courseCode: 'POC-101',
  courseSummary: null,
  startsOn: '2026-03-02',
  endsOn: '2026-03-13',
  durationHours: 40,
  completedOn: '2026-03-13',
  statusListIndex: 7,
};

describe('certificate makers: the worker renders in threads of its own', () => {
  let keys: IssuerKeys;
  let makers: CertificateMakers;
  const config = loadConfig({ ...process.env, RENDER_THREADS: '1', PUBLIC_BASE_URL: 'https://academy.example.org' });
  const threads = () => (makers as unknown as { pool: Piscina }).pool.threads;

  before(async () => {
    keys = await newIssuerKeys();
    makers = new CertificateMakers(config, keys);
  });
  after(() => makers.onApplicationShutdown());

  it('makes what the worker thread itself would: the same credential (the key crossed over), a PDF and its hash', async () => {
    const issuedAt = new Date('2026-03-20T09:30:00Z');
    const made = await makers.make(certificate, issuedAt);
    const here = await makeCertificateFiles(certificate, issuedAt, { academyName: config.certificates.academyName, publicBaseUrl: config.publicBaseUrl, keys });
    assert.equal(made.credential.toString('utf8'), here.credential);
    assert.ok(Buffer.isBuffer(made.pdf));
    assert.equal(made.pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(made.pdfSha256, createHash('sha256').update(made.pdf).digest('hex'));
  });

  it('a render thread that dies fails at most the certificate it was making; those it held are made by its replacement', async () => {
    const [thread] = threads();
    // The thread holds all four: it makes the first and keeps the others for after it.
    const held = Array.from({ length: 4 }, () => makers.make(certificate, new Date()));
    await thread!.terminate();
    const outcomes = await Promise.allSettled(held);
    // The one it was making fails (unless it was made before the end); the others, not begun, are made by the replacement.
    assert.ok(outcomes.filter((o) => o.status === 'rejected').length <= 1, JSON.stringify(outcomes.map((o) => o.status)));
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') assert.equal(outcome.value.pdf.subarray(0, 5).toString(), '%PDF-');
    const next = await makers.make(certificate, new Date());
    assert.equal(next.pdf.subarray(0, 5).toString(), '%PDF-');
    assert.notEqual(threads()[0], thread);
  });

  it('a certificate the render thread cannot make fails alone; the thread makes the next', async () => {
    const [failed, next] = await Promise.allSettled([makers.make({ ...certificate, id: 'not-a-uuid' }, new Date()), makers.make(certificate, new Date())]);
    assert.match(String((failed as PromiseRejectedResult).reason), /certificateId must be a UUID/);
    assert.equal(next.status, 'fulfilled');
  });
});
