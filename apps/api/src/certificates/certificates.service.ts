// The moves on certificates: queue them (one offering's or one enrolment's), revoke, retry, re-issue. PostgreSQL
// holds the truth: each move commits first, then the issue jobs of what it queued are sent.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { canReissue, canRetry, canRevoke, isEligible } from '@amahoro/domain/certificates/certificate.rules.js';
import { CertificateJobs } from '@amahoro/queue/certificate-jobs.js';
import { CERTIFICATES_PER_JOB, freshCertificateJobPrefix } from '@amahoro/queue/jobs.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { recordCertificateEvent } from '@amahoro/notifications/events.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { EnrollmentErrors } from '../enrollments/enrollments.errors.js';
import { toCertificateResponse } from './certificate-responses.js';
import { CertificateErrors } from './certificates.errors.js';
import { type Certificate, CertificatesRepository, type QueueScope } from './certificates.repository.js';
import type { CertificateResponse, IssueSummary } from './dto/certificate.dto.js';


@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificatesRepository,
    private readonly jobs: CertificateJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Queues a certificate for every eligible enrolment of the offering that has none live, and again for
   * those whose certificate failed. Re-sends the jobs of all its queued certificates too: under their
   * current job id, so nothing runs twice, and a job lost between the commit and the queue is sent again.
   */
  async issueForOffering(offeringId: string, actor: AuthUser): Promise<IssueSummary> {
    if (!(await this.certificates.offeringExists(this.db.manager, offeringId))) throw OfferingErrors.notFound();
    const queued = await this.db.transaction(
      async (tx) => (await this.certificates.requeueFailed(tx, offeringId)) + (await this.queueMissing(tx, { offeringId }, actor)),
    );
    const counts = await this.certificates.issueCounts(this.db.manager, offeringId);
    await this.enqueue(await this.certificates.listForOffering(this.db.manager, offeringId, 'queued'));
    // Counted once the transaction committed: another call's certificates, queued meanwhile, are in progress.
    return { queued, alreadyIssued: counts.issued, inProgress: Math.max(0, counts.queued - queued), notEligible: counts.notEligible };
  }

  /** One enrolment's certificate: queued if it has none, else the live one as it is. */
  async issueForEnrollment(enrollmentId: string, actor: AuthUser): Promise<CertificateResponse> {
    const status = await this.certificates.enrollmentStatus(this.db.manager, enrollmentId);
    if (!status) throw EnrollmentErrors.notFound();
    if (!isEligible(status)) throw CertificateErrors.notEligible(status);
    await this.db.transaction((tx) => this.queueMissing(tx, { enrollmentId }, actor));
    const certificate = (await this.certificates.findLive(this.db.manager, enrollmentId))!;
    // Queued in a chunk by an offering's bulk issue: its job is sent again whole, or the others would wait for the reconciliation.
    if (certificate.status === 'queued') await this.enqueue(await this.certificates.listQueuedWithJobOf(this.db.manager, certificate));
    return this.toResponse(certificate);
  }

  async revoke(id: string, reason: string, actor: AuthUser): Promise<CertificateResponse> {
    await this.db.transaction(async (tx) => {
      const certificate = await this.lock(tx, id);
      if (!canRevoke(certificate.status)) throw CertificateErrors.wrongStatus('revoke', certificate.status);
      await this.certificates.revoke(tx, id, reason);
      await recordAudit(tx, [
        { actorId: actor.id, action: 'certificate.revoked', entity: 'certificate', entityId: id, before: { status: certificate.status }, after: { status: 'revoked', reason } },
      ], actor.requestId);
      await recordCertificateEvent(tx, 'certificate.revoked', id, reason);
    });
    return this.toResponse((await this.certificates.find(this.db.manager, id))!);
  }

  async retry(id: string): Promise<CertificateResponse> {
    await this.db.transaction(async (tx) => {
      const certificate = await this.lock(tx, id);
      if (!canRetry(certificate.status)) throw CertificateErrors.wrongStatus('retry', certificate.status);
      await this.certificates.requeue(tx, id);
    });
    return this.enqueueOne(id);
  }

  /** A new certificate with a new serial; the old one is revoked with the reason, in the same transaction. */
  async reissue(id: string, reason: string, actor: AuthUser): Promise<CertificateResponse> {
    const newId = await this.db.transaction(async (tx) => {
      const old = await this.lock(tx, id);
      if (!canReissue(old.status)) throw CertificateErrors.wrongStatus('re-issue', old.status);
      const status = (await this.certificates.enrollmentStatus(tx, old.enrollmentId))!;
      if (!isEligible(status)) throw CertificateErrors.notEligible(status);
      await this.certificates.revoke(tx, id, reason);
      await this.queueMissing(tx, { enrollmentId: old.enrollmentId }, null, id);
      const created = (await this.certificates.findLive(tx, old.enrollmentId))!;
      await recordAudit(tx, [
        {
          actorId: actor.id,
          action: 'certificate.reissued',
          entity: 'certificate',
          entityId: id,
          before: { status: old.status, serial: old.serial },
          after: { status: 'revoked', reason, replacedBy: created.id, newSerial: created.serial },
        },
      ], actor.requestId);
      return created.id;
    });
    return this.enqueueOne(newId);
  }

  /** Queues the missing certificates in scope; `actor` null: part of a re-issue, audited as such. How many. */
  private async queueMissing(tx: EntityManager, scope: QueueScope, actor: AuthUser | null, replacesId: string | null = null): Promise<number> {
    const jobs = { prefix: freshCertificateJobPrefix(), perJob: CERTIFICATES_PER_JOB };
    const queued = await this.certificates.queueMissing(tx, scope, jobs, replacesId);
    if (actor) {
      await recordAudit(
        tx,
        queued.map((c) => ({ actorId: actor.id, action: 'certificate.queued' as const, entity: 'certificate', entityId: c.id, after: { serial: c.serial, enrollmentId: c.enrollmentId } })),
        actor.requestId,
      );
    }
    return queued.length;
  }

  private async lock(tx: EntityManager, id: string): Promise<Certificate> {
    const certificate = await this.certificates.lock(tx, id);
    if (!certificate) throw CertificateErrors.notFound();
    return certificate;
  }

  /** Sends the job of a certificate just queued, once committed. */
  private async enqueueOne(id: string): Promise<CertificateResponse> {
    const certificate = (await this.certificates.find(this.db.manager, id))!;
    await this.enqueue([certificate]);
    return this.toResponse(certificate);
  }

  private enqueue(certificates: Array<Pick<Certificate, 'id' | 'generation' | 'jobId'>>): Promise<void> {
    return this.jobs.send(certificates);
  }

  private toResponse(certificate: Certificate): CertificateResponse {
    return toCertificateResponse(certificate, this.config.publicBaseUrl);
  }
}
