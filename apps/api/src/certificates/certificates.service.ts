import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { issuerDid, jwks, statusListUrl } from '@amahoro/certificates/credentials/issuer.js';
import { encodeStatusList, signStatusListCredential } from '@amahoro/certificates/credentials/status-list.js';
import { verifyCredential } from '@amahoro/certificates/credentials/verify.js';
import { canReissue, canRetry, canRevoke, type CertificateStatus, isEligible, newSerial, normalizeSerial } from '@amahoro/domain/certificates/certificate.rules.js';
import { CertificateJobs } from '@amahoro/queue/certificate-jobs.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { recordCertificateEvent } from '@amahoro/notifications/events.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { EnrollmentErrors } from '../enrollments/enrollments.errors.js';
import { CertificateErrors } from './certificates.errors.js';
import type { CertificateCounts, CertificateResponse, CredentialVerification, IssueSummary, PublicVerification } from './dto/certificate.dto.js';

// Never the PDF or the credential: lists stay small.
const COLUMNS = `c.id, c.enrollment_id, c.serial, c.status, c.holder_name, c.course_title, c.course_code,
  c.completed_on::text AS completed_on, c.issued_at, c.failure_reason, c.revoked_at, c.revocation_reason, c.pdf_sha256,
  c.replaces_id, c.generation, c.job_id, c.created_at, e.user_id, e.offering_id`;
const FROM = `FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id`;

interface CertificateRow {
  id: string;
  enrollment_id: string;
  serial: string;
  status: CertificateStatus;
  holder_name: string;
  course_title: string;
  course_code: string;
  completed_on: string;
  issued_at: Date | null;
  failure_reason: string | null;
  revoked_at: Date | null;
  revocation_reason: string | null;
  pdf_sha256: string | null;
  replaces_id: string | null;
  generation: number;
  job_id: string | null;
  created_at: Date;
  user_id: string;
  offering_id: string;
}

// The facts a certificate states, copied when it is queued so every retry renders the same certificate.
const SNAPSHOT_SQL = `
  SELECT e.id AS enrollment_id, u.full_name, co.title, co.code, o.starts_on::text AS starts_on, o.ends_on::text AS ends_on,
         co.duration_hours, o.ends_on::text AS completed_on, co.summary
    FROM enrollments e JOIN users u ON u.id = e.user_id JOIN offerings o ON o.id = e.offering_id JOIN courses co ON co.id = o.course_id`;

@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: CertificateJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ISSUER_KEYS) private readonly keys: IssuerKeys,
  ) {}

  /**
   * Queues a certificate for every completed enrolment of the offering that has none live, and again for
   * those whose certificate failed. Re-sends the jobs of all its queued certificates too: under their
   * current job id, so nothing runs twice, and a job lost between the commit and the queue is sent again.
   */
  async issueForOffering(offeringId: string, actor: AuthUser): Promise<IssueSummary> {
    if (!(await this.db.query('SELECT 1 FROM offerings WHERE id = $1', [offeringId])).length) throw OfferingErrors.notFound();
    const queued = await this.db.transaction(async (tx) => {
      const [, requeued]: [unknown, number] = await tx.query(
        `UPDATE certificates c SET status = 'queued', generation = generation + 1, attempts = 0, failure_reason = NULL, job_id = NULL, updated_at = now()
           FROM enrollments e WHERE e.id = c.enrollment_id AND e.offering_id = $1 AND e.status = 'completed' AND c.status = 'failed'`,
        [offeringId],
      );
      return requeued + (await this.queueMissing(tx, `e.offering_id = $1 AND e.status = 'completed'`, [offeringId], actor));
    });
    const [counts]: Array<{ issued: number; queued: number; others: number }> = await this.db.query(
      `SELECT count(*) FILTER (WHERE e.status = 'completed' AND c.status = 'issued')::int AS issued,
              count(*) FILTER (WHERE e.status = 'completed' AND c.status = 'queued')::int AS queued,
              count(*) FILTER (WHERE e.status <> 'completed')::int AS others
         FROM enrollments e LEFT JOIN certificates c ON c.enrollment_id = e.id AND c.status <> 'revoked'
        WHERE e.offering_id = $1`,
      [offeringId],
    );
    await this.enqueue(await this.rows(`e.offering_id = $1 AND c.status = 'queued'`, [offeringId]));
    // Counted once the transaction committed: another call's certificates, queued meanwhile, are in progress.
    return { queued, alreadyIssued: counts!.issued, inProgress: Math.max(0, counts!.queued - queued), notEligible: counts!.others };
  }

  /** One enrolment's certificate: queued if it has none, else the live one as it is. */
  async issueForEnrollment(enrollmentId: string, actor: AuthUser): Promise<CertificateResponse> {
    const enrollment: Array<{ status: string }> = await this.db.query('SELECT status FROM enrollments WHERE id = $1', [enrollmentId]);
    if (!enrollment[0]) throw EnrollmentErrors.notFound();
    if (!isEligible(enrollment[0].status)) throw CertificateErrors.notEligible(enrollment[0].status);
    await this.db.transaction((tx) => this.queueMissing(tx, 'e.id = $1', [enrollmentId], actor));
    const [row] = await this.rows(`e.id = $1 AND c.status <> 'revoked'`, [enrollmentId]);
    if (row!.status === 'queued') await this.enqueue([row!]);
    return this.toResponse(row!);
  }

  async listForOffering(offeringId: string): Promise<{ items: CertificateResponse[]; counts: CertificateCounts }> {
    if (!(await this.db.query('SELECT 1 FROM offerings WHERE id = $1', [offeringId])).length) throw OfferingErrors.notFound();
    const rows = await this.rows('e.offering_id = $1', [offeringId]);
    const counts: CertificateCounts = { queued: 0, issued: 0, failed: 0, revoked: 0 };
    for (const row of rows) counts[row.status]++;
    return { items: rows.map((row) => this.toResponse(row)), counts };
  }

  async mine(actor: AuthUser): Promise<CertificateResponse[]> {
    return (await this.rows('e.user_id = $1', [actor.id])).map((row) => this.toResponse(row));
  }

  /** The holder and admins see a certificate; for anyone else it does not exist. */
  async get(id: string, actor: AuthUser): Promise<CertificateResponse> {
    return this.toResponse(await this.visible(id, actor));
  }

  async pdf(id: string, actor: AuthUser): Promise<{ serial: string; pdf: Buffer }> {
    const row = await this.visible(id, actor);
    if (row.status !== 'issued') throw CertificateErrors.notIssued(row.status);
    const [file] = await this.db.query('SELECT pdf FROM certificates WHERE id = $1', [id]);
    return { serial: row.serial, pdf: file.pdf };
  }

  async credential(id: string, actor: AuthUser): Promise<string> {
    const row = await this.visible(id, actor);
    if (row.status !== 'issued') throw CertificateErrors.notIssued(row.status);
    const [file] = await this.db.query('SELECT credential FROM certificates WHERE id = $1', [id]);
    return file.credential;
  }

  async revoke(id: string, reason: string, actor: AuthUser): Promise<CertificateResponse> {
    await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id);
      if (!canRevoke(row.status)) throw CertificateErrors.wrongStatus('revoke', row.status);
      await tx.query(`UPDATE certificates SET status = 'revoked', revoked_at = now(), revocation_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
      await recordAudit(tx, [
        { actorId: actor.id, action: 'certificate.revoked', entity: 'certificate', entityId: id, before: { status: row.status }, after: { status: 'revoked', reason } },
      ]);
      await recordCertificateEvent(tx, 'certificate.revoked', id, reason);
    });
    return this.toResponse((await this.rows('c.id = $1', [id]))[0]!);
  }

  async retry(id: string): Promise<CertificateResponse> {
    await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id);
      if (!canRetry(row.status)) throw CertificateErrors.wrongStatus('retry', row.status);
      await tx.query(
        `UPDATE certificates SET status = 'queued', generation = generation + 1, attempts = 0, failure_reason = NULL, job_id = NULL, updated_at = now() WHERE id = $1`,
        [id],
      );
    });
    const [row] = await this.rows('c.id = $1', [id]);
    await this.enqueue([row!]);
    return this.toResponse(row!);
  }

  /** A new certificate with a new serial; the old one is revoked with the reason, in the same transaction. */
  async reissue(id: string, reason: string, actor: AuthUser): Promise<CertificateResponse> {
    const newId = await this.db.transaction(async (tx) => {
      const old = await this.lock(tx, id);
      if (!canReissue(old.status)) throw CertificateErrors.wrongStatus('re-issue', old.status);
      const [enrollment] = await tx.query('SELECT status FROM enrollments WHERE id = $1', [old.enrollment_id]);
      if (!isEligible(enrollment.status)) throw CertificateErrors.notEligible(enrollment.status);
      await tx.query(`UPDATE certificates SET status = 'revoked', revoked_at = now(), revocation_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
      await this.queueMissing(tx, 'e.id = $1', [old.enrollment_id], null, id);
      const [created] = await tx.query(`SELECT id, serial FROM certificates WHERE enrollment_id = $1 AND status <> 'revoked'`, [old.enrollment_id]);
      await recordAudit(tx, [
        {
          actorId: actor.id,
          action: 'certificate.reissued',
          entity: 'certificate',
          entityId: id,
          before: { status: old.status, serial: old.serial },
          after: { status: 'revoked', reason, replacedBy: created.id, newSerial: created.serial },
        },
      ]);
      return created.id as string;
    });
    const [row] = await this.rows('c.id = $1', [newId]);
    await this.enqueue([row!]);
    return this.toResponse(row!);
  }

  /** What anyone may learn from a serial: what the certificate itself shows, its status, and what replaced it. */
  async verifySerial(serial: string): Promise<PublicVerification> {
    const [row] = await this.rows('c.serial = $1', [normalizeSerial(serial)]);
    if (!row) throw CertificateErrors.notFound();
    const replacement: Array<{ serial: string }> =
      row.status === 'revoked' ? await this.db.query('SELECT serial FROM certificates WHERE replaces_id = $1', [row.id]) : [];
    return {
      valid: row.status === 'issued',
      status: row.status,
      serial: row.serial,
      holderName: row.holder_name,
      courseTitle: row.course_title,
      courseCode: row.course_code,
      completedOn: row.completed_on,
      issuedAt: row.issued_at?.toISOString(),
      revokedAt: row.revoked_at?.toISOString(),
      revocationReason: row.revocation_reason ?? undefined,
      replacedBy: replacement[0]?.serial,
      issuer: this.config.certificates.academyName,
    };
  }

  /** The revocation list every credential points to, signed: revoked certificates' positions set. */
  async statusListCredential(): Promise<string> {
    const revoked: Array<{ status_list_index: number }> = await this.db.query(`SELECT status_list_index FROM certificates WHERE status = 'revoked'`);
    const list = encodeStatusList(revoked.map((r) => r.status_list_index));
    return signStatusListCredential(list, this.keys, this.config.publicBaseUrl, this.config.certificates.academyName);
  }

  async verifyCredential(jwt: string): Promise<CredentialVerification> {
    const ownList = statusListUrl(this.config.publicBaseUrl);
    const result = await verifyCredential(jwt, {
      keys: jwks(this.keys, this.config.publicBaseUrl).keys,
      expectedIssuer: issuerDid(this.config.publicBaseUrl),
      fetchStatusList: async (url) => {
        if (url !== ownList) throw new Error(`unknown status list ${url}`);
        return this.statusListCredential();
      },
    });
    return { verified: result.verified, checks: result.checks };
  }

  /** Queues a certificate for each matching enrolment without a live one; `actor` null: part of a re-issue, audited as such. */
  private async queueMissing(tx: EntityManager, where: string, params: unknown[], actor: AuthUser | null, replacesId: string | null = null): Promise<number> {
    const missing: Array<Record<string, unknown>> = await tx.query(
      `${SNAPSHOT_SQL} WHERE ${where} AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrollment_id = e.id AND c.status <> 'revoked')`,
      params,
    );
    if (missing.length === 0) return 0;
    const column = (name: string) => missing.map((m) => m[name]);
    const inserted: Array<{ id: string; serial: string; enrollment_id: string }> = await tx.query(
      `INSERT INTO certificates (enrollment_id, serial, status, holder_name, course_title, course_code, starts_on, ends_on, duration_hours, completed_on, course_summary, replaces_id)
       SELECT t.*, $10::uuid FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[], $9::int[], $11::date[], $12::text[])
              AS t (enrollment_id, serial, status, holder_name, course_title, course_code, starts_on, ends_on, duration_hours, completed_on, course_summary)
       ON CONFLICT (enrollment_id) WHERE status <> 'revoked' DO NOTHING
       RETURNING id, serial, enrollment_id`,
      [
        column('enrollment_id'),
        missing.map(() => newSerial()),
        missing.map(() => 'queued'),
        column('full_name'),
        column('title'),
        column('code'),
        column('starts_on'),
        column('ends_on'),
        column('duration_hours'),
        replacesId,
        column('completed_on'),
        column('summary'),
      ],
    );
    if (actor) {
      await recordAudit(
        tx,
        inserted.map((c) => ({ actorId: actor.id, action: 'certificate.queued' as const, entity: 'certificate', entityId: c.id, after: { serial: c.serial, enrollmentId: c.enrollment_id } })),
      );
    }
    return inserted.length;
  }

  private async enqueue(rows: Array<{ id: string; generation: number; job_id: string | null }>): Promise<void> {
    await this.jobs.send(rows.map((row) => ({ id: row.id, generation: row.generation, jobId: row.job_id })));
  }

  private async visible(id: string, actor: AuthUser): Promise<CertificateRow> {
    const [row] = await this.rows('c.id = $1', [id]);
    if (!row || (actor.role !== 'admin' && row.user_id !== actor.id)) throw CertificateErrors.notFound();
    return row;
  }

  private async lock(tx: EntityManager, id: string): Promise<CertificateRow> {
    const [row]: CertificateRow[] = await tx.query(`SELECT ${COLUMNS} ${FROM} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
    if (!row) throw CertificateErrors.notFound();
    return row;
  }

  private rows(where: string, params: unknown[]): Promise<CertificateRow[]> {
    return this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE ${where} ORDER BY c.holder_name, c.created_at`, params);
  }

  private toResponse(row: CertificateRow): CertificateResponse {
    return {
      id: row.id,
      serial: row.serial,
      status: row.status,
      enrollmentId: row.enrollment_id,
      holderName: row.holder_name,
      courseTitle: row.course_title,
      courseCode: row.course_code,
      completedOn: row.completed_on,
      issuedAt: row.issued_at?.toISOString(),
      verificationUrl: `${this.config.publicBaseUrl}/verify/${row.serial}`,
      failureReason: row.failure_reason ?? undefined,
      revokedAt: row.revoked_at?.toISOString(),
      revocationReason: row.revocation_reason ?? undefined,
      pdfSha256: row.pdf_sha256 ?? undefined,
      replacesId: row.replaces_id ?? undefined,
      createdAt: row.created_at.toISOString(),
    };
  }
}
