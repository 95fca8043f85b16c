// Data the benchmarks write straight by SQL (fast, and nothing of the app measured while seeding), tagged
// with a tag new on every run, so that runs repeat on the same database without colliding. Nothing is removed.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { User } from '@amahoro/database/entities/user.entity.js';
import type { Role } from '@amahoro/domain/users/user.types.js';
import { NO_PASSWORD } from '../apps/api/src/auth/password.js';
import { AuthChanges, CLOCK_MARGIN_MS } from '../apps/api/src/auth/auth-changes.js';
import { TokensService } from '../apps/api/src/auth/tokens.service.js';
import { runConcurrently } from './batch.js';

/** 8 capitals and digits, new on each call: part of every course code and email a run creates. */
export function runTag(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/** A published course without prerequisites. */
export async function insertCourse(db: Pool, code: string, title: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO courses (code, title, summary, category, delivery_mode, language, duration_hours, pass_mark, status, published_at)
     VALUES ($1, $2, 'Seeded by the benchmark.', 'peace_operations', 'in_person', 'en', 40, 70, 'published', now())
     RETURNING id`,
    [code, title],
  );
  return rows[0]!.id;
}

/** An offering of the course whose enrolment window is open now, automatic approval. */
export async function insertOffering(db: Pool, courseId: string, capacity: number): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO offerings (course_id, starts_on, ends_on, location, capacity, enrollment_opens_at, enrollment_closes_at, approval_mode)
     VALUES ($1, current_date + 30, current_date + 40, 'Musanze, Rwanda', $2, now() - interval '1 day', now() + interval '20 days', 'auto')
     RETURNING id`,
    [courseId, capacity],
  );
  return rows[0]!.id;
}

export interface SeededUser {
  id: string;
  email: string;
  role: Role;
}

/** `count` active users of the role, without a password (they are given tokens, never log in). */
export async function insertUsers(db: Pool, tag: string, role: Role, count: number): Promise<SeededUser[]> {
  const { rows } = await db.query<SeededUser>(
    `INSERT INTO users (email, password_hash, full_name, role)
     SELECT format('bench-%s-%s-%s@bench.amahoro.org', lower($1::text), $2::text, i), $3, format('Bench %s %s', $2::text, i), $2::text
       FROM generate_series(1, $4::int) AS i
     ORDER BY i
     RETURNING id, email, role`,
    [tag, role, NO_PASSWORD, count],
  );
  return rows;
}

/**
 * An access token for each user, issued by the app's TokensService as a login would (no argon2 work), once the
 * app vouches for tokens issued from then on (AccessCache.fromToken): as a process running for more than a second
 * or two does for every token it sees. Issued at once after the app's start, every first request of each user
 * would ask PostgreSQL, which only the first seconds of a process do.
 */
export async function issueTokens(app: NestFastifyApplication, users: SeededUser[]): Promise<string[]> {
  const changes = app.get(AuthChanges);
  const deadline = performance.now() + 10_000;
  // A token's iat is in whole seconds and taken CLOCK_MARGIN_MS earlier: vouched when the app knows that far back.
  while (!changes.unchangedSince(randomUUID(), Date.now() - 1000 - CLOCK_MARGIN_MS)) {
    if (performance.now() > deadline) throw new Error('the app does not hear PostgreSQL\'s notifications of access changes');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const tokens = app.get(TokensService);
  const issued = new Array<string>(users.length);
  const done = await runConcurrently(users.length, 20, async (index) => {
    const user = Object.assign(new User(), users[index]!, { active: true });
    issued[index] = (await tokens.issue(user)).accessToken;
    return true;
  });
  if (done.firstError) throw new Error(`issuing tokens: ${done.firstError}`);
  return issued;
}
