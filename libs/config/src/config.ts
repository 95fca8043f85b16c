// The one place that reads the environment. Every process builds this object once at start; a wrong or
// missing value stops it with one line naming the variable.
import { type Env, EnvReader } from './env-reader.js';

export { ConfigError } from './env-reader.js';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicBaseUrl: string;
  databaseUrl: string;
  database: {
    /** Longest one SQL statement of the API or a worker may run (PostgreSQL's statement_timeout); migrations are not bound. */
    statementTimeoutMs: number;
    /**
     * How long a statement waits for its answer before the process checks that PostgreSQL still answers at all
     * (a new connection's SELECT 1 within 1.5 s); if not, the statement fails (the API answers 503).
     */
    queryCheckMs: number;
  };
  redisUrl: string;
  /** Prefix of every Redis key (queues, counters): lets several deployments or test runs share one Redis. */
  redisPrefix: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  corsOrigins: string[] | '*';
  /**
   * Which proxies' X-Forwarded-For to believe: false (none), a hop count, or their addresses. Never "every
   * hop": a client could then name any address it likes and step around every per-address limit.
   */
  trustProxy: false | number | string[];
  jwt: { accessSecret: string; accessTtlSeconds: number; refreshTtlSeconds: number; issuer: string };
  admin: { email: string; password: string } | null;
  loginThrottle: {
    /** Failed attempts on one account from one IP before it answers 429. */
    maxFailuresPerAccountAndIp: number;
    /** Failed attempts from one IP over all accounts: high, since a classroom shares one address. */
    maxFailuresPerIp: number;
    windowSeconds: number;
  };
  /** Accounts one address may register per window. */
  registration: { maxPerIp: number; windowSeconds: number };
  demoData: boolean;
  dataDir: string;
  /** Certificate jobs one worker process runs at once (each of up to CERTIFICATES_PER_JOB certificates). */
  workerConcurrency: number;
  /**
   * V8 heap limits of a worker's thread, in MB (old generation; young generation): bounded, V8 collects before it
   * grows, so a worker's memory stays flat over any batch instead of climbing to a lazy collection.
   */
  workerHeap: { oldMb: number; youngMb: number };
  /** Threads of a worker process that make certificates' PDFs and credentials, beside the worker's own thread. */
  renderThreads: number;
  /** V8 heap limits of each render thread, in MB (old generation; young generation). */
  renderHeap: { oldMb: number; youngMb: number };
  /** How long a worker may go silent before its job counts as stalled and is handed to another worker. */
  workerStalledIntervalMs: number;
  /** How often the worker checks that every queued certificate has a live job, and gives one a fresh job when not. */
  certificateReconcileIntervalMs: number;
  mail: {
    /** null: mail is off (the worker records notifications as skipped). `npm start` sets it to its local catcher. */
    smtpUrl: string | null;
    from: string;
    /** How often the worker moves unsent notifications from PostgreSQL to the queue. */
    sweepIntervalMs: number;
    /** First retry delay while the mail server is down; doubles up to ten minutes. */
    retryDelayMs: number;
    /** How long one SMTP step may take before the attempt counts as failed. */
    sendTimeoutMs: number;
  };
  certificates: {
    /** The issuer's name printed on certificates and in credentials. */
    academyName: string;
    /** The Ed25519 private key (a JWK, as JSON) that signs credentials; outside production a development key is generated when absent. */
    signingKeyJwk: string | null;
    /** Public verification requests one address may make per minute. */
    verifyPerMinute: number;
  };
}

const DEV_JWT_SECRET = 'amahoro-development-secret-change-me-in-production';
/** Estimated bits a production secret needs: 32 random hex digits (128 bits) estimate 95 to 125, 'a' × 32 zero. */
const MIN_SECRET_BITS = 90;

export function loadConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = read.int('PORT', 3000, 0, 65535);
  const accessSecret = read.string('JWT_ACCESS_SECRET', nodeEnv === 'production' ? undefined : DEV_JWT_SECRET);
  if (accessSecret.length < 32) read.fail('JWT_ACCESS_SECRET', 'must be at least 32 characters');
  if (nodeEnv === 'production' && (accessSecret === DEV_JWT_SECRET || estimatedBits(accessSecret) < MIN_SECRET_BITS)) {
    read.fail('JWT_ACCESS_SECRET', 'is too weak for production (use 32+ random characters, e.g. `openssl rand -base64 32`)');
  }
  const signingKeyJwk = read.jwk('CREDENTIAL_SIGNING_KEY');
  // Every process must sign with one key, and a read-only image has nowhere to keep a generated one.
  if (nodeEnv === 'production' && signingKeyJwk === null) read.fail('CREDENTIAL_SIGNING_KEY', 'is required in production (make one with `npm run --silent keys:generate`)');

  const adminEmail = read.optional('ADMIN_EMAIL');
  const adminPassword = read.optional('ADMIN_PASSWORD');
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    read.fail(adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', 'must be set together with the other ADMIN_ variable');
  }
  if (adminEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) read.fail('ADMIN_EMAIL', 'must be an email address');
  if (adminPassword && adminPassword.length < 12) read.fail('ADMIN_PASSWORD', 'must be at least 12 characters');

  const cors = read.string('CORS_ORIGINS', '*');
  return {
    env: nodeEnv,
    host: read.string('HOST', '0.0.0.0'),
    port,
    publicBaseUrl: read.url('PUBLIC_BASE_URL', `http://localhost:${port}`, ['http:', 'https:']).replace(/\/+$/, ''),
    databaseUrl: read.url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/amahoro', ['postgres:', 'postgresql:']),
    database: {
      statementTimeoutMs: read.int('DATABASE_STATEMENT_TIMEOUT_MS', 60_000, 100, 86_400_000),
      queryCheckMs: read.int('DATABASE_QUERY_CHECK_MS', 2000, 100, 600_000),
    },
    redisUrl: read.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    redisPrefix: read.pattern('REDIS_PREFIX', 'amahoro', /^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only'),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    corsOrigins: cors === '*' ? '*' : cors.split(',').map((origin) => origin.trim()).filter(Boolean),
    trustProxy: read.trustProxy('TRUST_PROXY'),
    jwt: {
      accessSecret,
      accessTtlSeconds: read.duration('JWT_ACCESS_TTL', '15m'),
      refreshTtlSeconds: read.duration('JWT_REFRESH_TTL', '30d'),
      issuer: read.string('JWT_ISSUER', 'amahoro'),
    },
    admin: adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: adminPassword } : null,
    loginThrottle: {
      maxFailuresPerAccountAndIp: read.int('LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP', 5, 1, 10_000),
      maxFailuresPerIp: read.int('LOGIN_MAX_FAILURES_PER_IP', 200, 1, 1_000_000),
      windowSeconds: read.duration('LOGIN_THROTTLE_WINDOW', '15m'),
    },
    registration: {
      maxPerIp: read.int('REGISTER_MAX_PER_IP', 20, 1, 1_000_000),
      windowSeconds: read.duration('REGISTER_WINDOW', '1h'),
    },
    // The demo academy's logins are published in the README: production loads it only when asked to.
    demoData: read.bool('DEMO_DATA', nodeEnv !== 'production'),
    dataDir: read.string('DATA_DIR', '.data'),
    workerConcurrency: read.int('WORKER_CONCURRENCY', 8, 1, 256),
    workerHeap: { oldMb: read.int('WORKER_HEAP_MB', 48, 48, 65_536), youngMb: read.int('WORKER_YOUNG_HEAP_MB', 4, 1, 1024) },
    renderThreads: read.int('RENDER_THREADS', 1, 1, 64),
    renderHeap: { oldMb: read.int('RENDER_HEAP_MB', 48, 32, 65_536), youngMb: read.int('RENDER_YOUNG_HEAP_MB', 16, 1, 1024) },
    workerStalledIntervalMs: read.int('WORKER_STALLED_INTERVAL_MS', 30_000, 500, 600_000),
    certificateReconcileIntervalMs: read.int('CERTIFICATE_RECONCILE_INTERVAL_MS', 60_000, 500, 3_600_000),
    mail: {
      smtpUrl: read.optional('SMTP_URL') === undefined ? null : read.url('SMTP_URL', '', ['smtp:', 'smtps:']),
      from: read.string('MAIL_FROM', `"${read.string('ACADEMY_NAME', 'Amahoro Peace Academy')}" <no-reply@${new URL(read.url('PUBLIC_BASE_URL', `http://localhost:${port}`, ['http:', 'https:'])).hostname}>`),
      sweepIntervalMs: read.int('NOTIFICATIONS_SWEEP_MS', 2000, 50, 600_000),
      retryDelayMs: read.int('MAIL_RETRY_DELAY_MS', 5000, 10, 600_000),
      sendTimeoutMs: read.int('MAIL_SEND_TIMEOUT_MS', 30_000, 100, 600_000),
    },
    certificates: {
      academyName: read.string('ACADEMY_NAME', 'Amahoro Peace Academy'),
      signingKeyJwk,
      verifyPerMinute: read.int('VERIFY_RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000),
    },
  };
}

/**
 * Length times the Shannon entropy of the secret's own characters: low for repetitions ('a' × 32) and
 * words, about 6 bits a character for base64 from a random source.
 */
function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...secret].length;
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / length) * Math.log2(count / length);
  return perChar * length;
}
