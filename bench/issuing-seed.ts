// The data of the certificate benchmarks, seeded by SQL: trainees with varied names, a course, a finalised offering
// where each completed, and what the worker would render for them.
import type pg from 'pg';
import type { AppConfig } from '@amahoro/config/config.js';
import type { CertificatePdfData } from '@amahoro/certificates/certificate-pdf.js';
import { newSerial } from '@amahoro/domain/certificates/certificate.rules.js';
import { NO_PASSWORD } from '../apps/api/src/auth/password.js';
import { insertCourse } from './seed.js';

/** Positions of the revocation list (certificate_status_index_seq): every certificate ever created takes one. */
export const STATUS_LIST_SIZE = 131_072;
const COURSE_TITLE = 'Protection of Civilians in United Nations Peace Operations';

// Holder names in several Latin scripts (the font subsets differ with them), combined so that up to 10,800 differ.
const GIVEN = ['Aïcha', 'Jean-Pierre', 'Łukasz', 'Thị Hương', 'Şükrü', 'José', 'Zoë', 'Ngozi', 'Émilie', 'Erzsébet', 'Oluwaseun', 'Søren',
  'Chiara', 'Mehmet', 'Françoise', 'Nguyễn Văn', 'Agnieszka', 'Mamadou', 'Inés', 'Tomáš', 'Aroha', 'Kwame', 'Ioana', 'Dũng', 'Bjørn',
  'Claudine', 'Ahmad', 'Siobhán', 'Raúl', 'Nadège'];
const FAMILY = ['Uwimana', 'Habimana', 'Wiśniewski', 'Öztürk', 'Martínez Peña', 'Ødegaard', 'Okonkwo', 'Côté', 'Kővári', 'Adébáyọ̀',
  'Nørgaard', 'Bianchi', 'Yılmaz', 'Lefèvre', 'Trần', 'Kowalczyk', 'Diallo', 'Núñez', 'Dvořák', 'Ngata', 'Mensah', 'Popescu', 'Phạm',
  'Lindqvist', 'Mukamana', 'Haddad', 'Ó Súilleabháin', 'Gutiérrez', 'Niyonzima', 'Kagame-Mugisha'];
const SECOND = ['', 'Marie', 'Ana', 'Hiền', 'Olúwadámilọ́lá', 'Grzegorz', 'Ngọc', 'Ülkü', 'Solène', 'Dorothée', 'Ijeoma', 'Ágúst'];

export function holderName(i: number): string {
  const second = SECOND[Math.floor(i / (GIVEN.length * FAMILY.length)) % SECOND.length]!;
  const given = GIVEN[i % GIVEN.length]!;
  return `${given}${second ? ` ${second}` : ''} ${FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!}`;
}

export interface Course {
  id: string;
  code: string;
}

/** Fails before any work when the revocation list has fewer positions left than the run will take. */
export async function assertStatusListRoom(db: pg.Pool, needed: number): Promise<number> {
  const { rows } = await db.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM certificate_status_index_seq');
  const used = rows[0]!.is_called ? Number(rows[0]!.last_value) + 1 : 0;
  const left = STATUS_LIST_SIZE - used;
  if (left < needed) {
    throw new Error(
      `this database has ${left.toLocaleString('en-US')} revocation-list positions left (certificate_status_index_seq, ` +
        `${STATUS_LIST_SIZE.toLocaleString('en-US')} per database, one per certificate ever created) and the run needs ` +
        `${needed.toLocaleString('en-US')}: point DATABASE_URL at a fresh database`,
    );
  }
  return left;
}

/** `count` trainees with varied names (no password: they never log in). */
export async function insertTrainees(db: pg.Pool, tag: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => holderName(i));
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, full_name, role)
     SELECT format('bench-%s-holder-%s@bench.amahoro.org', lower($1::text), t.i), $2, t.name, 'trainee'
       FROM unnest($3::text[]) WITH ORDINALITY AS t (name, i)
      ORDER BY t.i
     RETURNING id`,
    [tag, NO_PASSWORD, names],
  );
  return rows.map((row) => row.id);
}

export async function insertCertificateCourse(db: pg.Pool, code: string): Promise<Course> {
  return { id: await insertCourse(db, code, COURSE_TITLE), code };
}

/** A finalised offering (ended three days ago) where each trainee completed with 80. */
export async function insertFinalisedOffering(db: pg.Pool, course: Course, trainees: string[]): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO offerings (course_id, starts_on, ends_on, location, capacity, seats_taken, enrollment_opens_at, enrollment_closes_at,
                            approval_mode, completed_at)
     VALUES ($1, current_date - 14, current_date - 3, 'Musanze, Rwanda', $2, $2, now() - interval '40 days', now() - interval '20 days',
             'auto', now())
     RETURNING id`,
    [course.id, trainees.length],
  );
  const offeringId = rows[0]!.id;
  await db.query(`INSERT INTO enrollments (offering_id, user_id, status, final_score) SELECT $1, unnest($2::uuid[]), 'completed', 80`, [
    offeringId,
    trainees,
  ]);
  return offeringId;
}

/** What the worker renders for a certificate of the course, as it would render it today. */
export function pdfInputs(config: AppConfig, course: Course, count: number): CertificatePdfData[] {
  const issuedOn = new Date().toISOString().slice(0, 10);
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) => {
    const serial = newSerial();
    return {
      academyName: config.certificates.academyName,
      holderName: holderName(i),
      courseTitle: COURSE_TITLE,
      courseCode: course.code,
      startsOn: day(14),
      endsOn: day(3),
      durationHours: 40,
      issuedOn,
      serial,
      verificationUrl: `${config.publicBaseUrl}/verify/${serial}`,
    };
  });
}

/** Certificates queued in this database by someone else: a worker started now would issue them too (it re-sends them). */
export async function queuedElsewhere(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM certificates WHERE status = 'queued'`);
  return rows[0]!.n;
}
