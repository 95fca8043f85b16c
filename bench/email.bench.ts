// E-mail: certificate e-mails in the outbox, sent by a worker process (`npm run start:worker`, SMTP_URL set) to a
// real SMTP server (smtp-server, in a process of its own) — its sweep, the queue, the claim, the message, the send and the
// mark as sent, each row once — against nodemailer alone sending the same messages to the same server, as many at
// once as the worker's e-mail jobs. A request is one e-mail, from the rows' commit to the server's acceptance.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createTransport } from 'nodemailer';
import type pg from 'pg';
import { NOTIFICATION_JOBS_AT_ONCE } from '../apps/worker/src/notification-sender.js';
import { renderMessage } from '@amahoro/notifications/templates.js';
import { NOTIFICATIONS_PER_JOB } from '@amahoro/queue/jobs.js';
import { processCpuMicros, removeRedisKeys, runPrefix, startWorkers, stopWorkers, waitForWorkers } from './issuing-workers.js';
import { issuingConfig } from './issuing.js';
import { insertUsers, runTag, type SeededUser } from './seed.js';
import { type Benchmark, batchResult, benchPool, benchSettings, type Result } from './support.js';

const EMAILS = 1000;
/** The worker's sweep, every this many ms (the default is 2,000): rows wait for it, and the run is short. */
const SWEEP_MS = 100;
const COURSE_TITLE = 'Protection of Civilians in United Nations Peace Operations';

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * An SMTP server that accepts everything, in a process of its own (its CPU is nobody's side), and notes when each
 * Message-ID arrived, in milliseconds since the epoch (performance.timeOrigin + now(), as here).
 */
const SINK = `
const { SMTPServer } = require('smtp-server');
const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'], disableReverseLookup: true, logger: false, closeTimeout: 1,
  onData(stream, session, callback) {
    let head = '';
    stream.on('data', (chunk) => { if (head.length < 4096) head += chunk.toString('latin1'); });
    stream.on('end', () => {
      const id = /^Message-ID:\\s*<([^>]+)>/im.exec(head)?.[1] ?? '?';
      process.stdout.write(id + ' ' + (performance.timeOrigin + performance.now()) + '\\n');
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.server.address().port + '\\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

interface MailServer {
  url: string;
  /** Message-ID → when each copy arrived (ms since the epoch). */
  arrivals: Map<string, number[]>;
  stop: () => Promise<void>;
}

async function startMailServer(): Promise<MailServer> {
  const child = spawn(process.execPath, ['-e', SINK], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] });
  const arrivals = new Map<string, number[]>();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const port = await new Promise<number>((resolve, fail) => {
    void exited.then(() => fail(new Error('the SMTP server of the e-mail benchmark did not start')));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const [id, at] = line.split(' ') as [string, string];
      if (id === 'port') return resolve(Number(at));
      arrivals.set(id, [...(arrivals.get(id) ?? []), Number(at)]);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Milliseconds since the epoch, to the fraction: the SMTP server's clock. */
const epochMs = () => performance.timeOrigin + performance.now();

/** One certificate e-mail per user in the outbox, pending; their ids. */
async function insertRows(db: pg.Pool, tag: string, users: SeededUser[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO notifications (dedup_key, user_id, kind, data)
     SELECT format('bench-email:%s:%s', $1::text, u), u, 'certificate.issued',
            jsonb_build_object('courseTitle', $3::text, 'serial', format('BENCH-%s', ordinality), 'offeringId', gen_random_uuid())
       FROM unnest($2::uuid[]) WITH ORDINALITY AS u
     RETURNING id`,
    [tag, users.map((u) => u.id), COURSE_TITLE],
  );
  return rows.map((r) => r.id);
}

/** The worker's side: rows committed, then waited for until each has arrived and is marked sent. */
async function throughWorker(db: pg.Pool, tag: string, users: SeededUser[], smtp: MailServer): Promise<{ result: Result; notes: string[]; right: boolean }> {
  const prefix = runPrefix(`${tag}m`);
  const config = issuingConfig(prefix);
  const [worker] = startWorkers(1, prefix, { SMTP_URL: smtp.url, NOTIFICATIONS_SWEEP_MS: String(SWEEP_MS) });
  try {
    await waitForWorkers(config, [worker!]);
    const cpuBefore = processCpuMicros(worker!.pid);
    const started = epochMs();
    const ids = await insertRows(db, tag, users);
    const host = new URL(config.publicBaseUrl).hostname;
    const expected = ids.map((id) => `${id}@${host}`);
    let lastMove = performance.now();
    let arrived = 0;
    while (arrived < ids.length && performance.now() - lastMove < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = expected.filter((id) => smtp.arrivals.has(id)).length;
      if (now > arrived) lastMove = performance.now();
      arrived = now;
    }
    // A copy sent twice would come after the first: a moment for it, with the rows' last marks as sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latenciesMs = expected.flatMap((id) => (smtp.arrivals.get(id) ?? []).slice(0, 1).map((at) => at - started));
    const elapsedMs = Math.max(0, ...latenciesMs);
    const cpuAfter = processCpuMicros(worker!.pid);
    const twice = expected.filter((id) => (smtp.arrivals.get(id)?.length ?? 0) > 1).length;
    const { rows } = await db.query<{ sent: number }>(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent FROM notifications WHERE id = ANY($1::uuid[])`, [ids]);
    const right = latenciesMs.length === ids.length && twice === 0 && rows[0]!.sent === ids.length;
    return {
      result: batchResult({
        latenciesMs,
        failures: ids.length - latenciesMs.length,
        elapsedMs,
        cpuMicros: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
      }),
      right,
      notes: [
        `worker: ${n(latenciesMs.length)} of ${n(ids.length)} e-mails arrived, ${n(twice)} of them twice, ${n(rows[0]!.sent)} rows marked sent: ${right ? 'right.' : 'WRONG.'}`,
      ],
    };
  } finally {
    await stopWorkers([worker!]);
    await removeRedisKeys(config.redisUrl, prefix);
  }
}

/** nodemailer alone: the same messages, pooled, NOTIFICATION_JOBS_AT_ONCE at a time. */
async function bare(users: SeededUser[], smtpUrl: string, publicBaseUrl: string, academyName: string): Promise<Result> {
  const mailer = createTransport({ url: smtpUrl, pool: true, maxConnections: NOTIFICATION_JOBS_AT_ONCE });
  const latenciesMs: number[] = [];
  const send = async (user: SeededUser, i: number) => {
    const message = renderMessage('certificate.issued', { courseTitle: COURSE_TITLE, serial: `BENCH-${i}`, offeringId: '00000000-0000-4000-8000-000000000000' }, {
      language: 'en',
      recipientName: user.email,
      academyName,
      publicBaseUrl,
    });
    await mailer.sendMail({
      from: 'no-reply@bench.amahoro.org',
      to: { name: user.email, address: user.email },
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: `<bare-${i}@bench.amahoro.org>`,
      headers: { 'X-Amahoro-Notification': 'certificate.issued' },
    });
  };
  try {
    const cpuBefore = process.cpuUsage();
    const started = epochMs();
    let next = 0;
    await Promise.all(
      Array.from({ length: NOTIFICATION_JOBS_AT_ONCE }, async () => {
        while (next < users.length) {
          const i = next++;
          await send(users[i]!, i);
          latenciesMs.push(epochMs() - started);
        }
      }),
    );
    const elapsedMs = epochMs() - started;
    const cpu = process.cpuUsage(cpuBefore);
    return batchResult({ latenciesMs, failures: users.length - latenciesMs.length, elapsedMs, cpuMicros: cpu.user + cpu.system });
  } finally {
    mailer.close();
  }
}

export const emailBenchmark: Benchmark = {
  name: 'email',
  description: `${n(EMAILS)} certificate e-mails from the outbox through a worker process to an SMTP server vs nodemailer alone sending them`,
  goal: 'report',
  sides: { app: 'worker', baseline: 'nodemailer' },
  run: async () => {
    const db = benchPool(2);
    const tag = runTag();
    const smtp = await startMailServer();
    try {
      const config = issuingConfig(runPrefix(tag));
      const users = await insertUsers(db, `${tag}m`, 'trainee', EMAILS);
      // The same number first, unmeasured: the server's and nodemailer's code warm, as the worker's is after its start.
      if (benchSettings().warmupSeconds > 0) await bare(users, smtp.url, config.publicBaseUrl, config.certificates.academyName);
      const baseline = await bare(users, smtp.url, config.publicBaseUrl, config.certificates.academyName);
      const worker = await throughWorker(db, tag, users, smtp);
      return {
        app: worker.result,
        baseline,
        goals: [['each e-mail arrived once and its row is marked sent', worker.right]],
        notes: [
          `a request is one e-mail; req/s = e-mails ÷ time from the rows' commit (worker) or the first send (nodemailer) to the last ` +
            `accepted; cpu µs/req: the worker process's (all threads) or this process's (nodemailer and the messages' text; the SMTP ` +
            `server runs in a process of its own). The worker sweeps the outbox every ${SWEEP_MS} ms here and runs ${NOTIFICATION_JOBS_AT_ONCE} e-mail jobs at once ` +
            `of up to ${NOTIFICATIONS_PER_JOB} rows each; nodemailer sends as many at once, pooled.`,
          ...worker.notes,
        ],
      };
    } finally {
      await smtp.stop();
      await db.end();
    }
  },
};
