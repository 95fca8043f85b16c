import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_ACCESS_SECRET: randomBytes(32).toString('base64'),
  CREDENTIAL_SIGNING_KEY: JSON.stringify(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })),
};

describe('loadConfig', () => {
  it('has defaults for local use', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/amahoro');
    assert.deepEqual(config.database, { statementTimeoutMs: 60_000, queryCheckMs: 2000 });
    assert.equal(config.redisUrl, 'redis://127.0.0.1:6379');
    assert.equal(config.publicBaseUrl, 'http://localhost:3000');
    assert.equal(config.jwt.accessTtlSeconds, 900);
    assert.equal(config.jwt.refreshTtlSeconds, 30 * 86400);
    assert.equal(config.admin, null);
    assert.equal(config.corsOrigins, '*');
  });

  it('bounds the worker heap, 48 + 4 MB unless set, and each render thread\'s, 48 + 16 MB', () => {
    assert.deepEqual(loadConfig({}).workerHeap, { oldMb: 48, youngMb: 4 });
    assert.deepEqual(loadConfig({}).renderHeap, { oldMb: 48, youngMb: 16 });
    assert.equal(loadConfig({}).renderThreads, 1);
    assert.deepEqual(loadConfig({ RENDER_THREADS: '2', RENDER_HEAP_MB: '48', RENDER_YOUNG_HEAP_MB: '32' }).renderHeap, { oldMb: 48, youngMb: 32 });
    assert.throws(() => loadConfig({ RENDER_THREADS: '0' }), ConfigError);
    assert.deepEqual(loadConfig({ WORKER_HEAP_MB: '256', WORKER_YOUNG_HEAP_MB: '8' }).workerHeap, { oldMb: 256, youngMb: 8 });
    assert.throws(() => loadConfig({ WORKER_HEAP_MB: '16' }), ConfigError);
  });

  it('reads durations, lists and booleans', () => {
    const config = loadConfig({ JWT_ACCESS_TTL: '10m', JWT_REFRESH_TTL: '7d', CORS_ORIGINS: 'https://a.org, https://b.org', DEMO_DATA: 'no' });
    assert.equal(config.jwt.accessTtlSeconds, 600);
    assert.equal(config.jwt.refreshTtlSeconds, 7 * 86400);
    assert.deepEqual(config.corsOrigins, ['https://a.org', 'https://b.org']);
    assert.equal(config.demoData, false);
  });

  it('lower-cases the first admin email and strips a trailing slash from the public URL', () => {
    const config = loadConfig({ ADMIN_EMAIL: 'Boss@Academy.org', ADMIN_PASSWORD: 'twelve-chars-long', PUBLIC_BASE_URL: 'https://amahoro.example.org/' });
    assert.deepEqual(config.admin, { email: 'boss@academy.org', password: 'twelve-chars-long' });
    assert.equal(config.publicBaseUrl, 'https://amahoro.example.org');
  });

  it('takes TRUST_PROXY as a hop count or proxy addresses, never as "trust every hop"', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy, ['10.0.0.5', '10.1.0.0/16', '::1']);
  });

  it('accepts a strong secret and a signing key in production, and loads no demo data there unless told to', () => {
    const config = loadConfig(PRODUCTION);
    assert.equal(config.env, 'production');
    assert.equal(config.demoData, false);
    assert.equal(loadConfig({ ...PRODUCTION, DEMO_DATA: 'true' }).demoData, true);
    assert.equal(loadConfig({}).demoData, true);
    assert.equal(loadConfig({ ...PRODUCTION, JWT_ACCESS_SECRET: randomBytes(16).toString('hex') }).env, 'production');
  });

  const invalid: Array<[Record<string, string>, RegExp]> = [
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL must start with postgres:\/\//],
    [{ DATABASE_URL: '::' }, /DATABASE_URL is not a valid URL/],
    [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ NODE_ENV: 'production' }, /JWT_ACCESS_SECRET is required/],
    [{ JWT_ACCESS_SECRET: 'short' }, /JWT_ACCESS_SECRET must be at least 32 characters/],
    [{ ADMIN_PASSWORD: 'twelve-chars-long' }, /ADMIN_EMAIL must be set together/],
    [{ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD must be at least 12 characters/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be a hop count/],
    [{ ...PRODUCTION, JWT_ACCESS_SECRET: 'amahoro-development-secret-change-me-in-production' }, /JWT_ACCESS_SECRET is too weak for production/],
    [{ ...PRODUCTION, JWT_ACCESS_SECRET: 'a'.repeat(32) }, /JWT_ACCESS_SECRET is too weak for production/],
    [{ ...PRODUCTION, JWT_ACCESS_SECRET: 'password'.repeat(4) }, /JWT_ACCESS_SECRET is too weak for production/],
    [{ ...PRODUCTION, CREDENTIAL_SIGNING_KEY: '' }, /CREDENTIAL_SIGNING_KEY is required in production .*keys:generate/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ REDIS_PREFIX: 'has space' }, /REDIS_PREFIX is not valid/],
  ];
  for (const [env, message] of invalid) {
    it(`refuses ${JSON.stringify(env)} with one line naming it`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'),
      );
    });
  }
});
