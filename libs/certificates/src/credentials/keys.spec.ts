import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, jwtVerify } from 'jose';
import { ConfigError } from '@amahoro/config/config.js';
import { StartupError } from '@amahoro/config/process.js';
import { DEVELOPMENT_KEY_FILE, type IssuerKeys, loadIssuerKeys } from './keys.js';

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'amahoro-keys-'));
  dirs.push(dir);
  return dir;
};
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The key pair works: what the private key signs, the public JWK verifies. */
async function assertPair(keys: IssuerKeys): Promise<void> {
  const jwt = await new SignJWT({ ok: true }).setProtectedHeader({ alg: 'EdDSA' }).sign(keys.privateKey);
  const { payload } = await jwtVerify(jwt, keys.publicJwk);
  assert.equal(payload.ok, true);
}

describe('loadIssuerKeys: development key', () => {
  it('generates a key once, in a private file, and returns the same key on the next call', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const first = await loadIssuerKeys({ signingKeyJwk: null, dataDir });
    const file = join(dataDir, DEVELOPMENT_KEY_FILE);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(first.source, 'generated');
    assert.deepEqual(Object.keys(first.publicJwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    assert.equal(first.publicJwk.alg, 'EdDSA');
    assert.equal(first.publicJwk.use, 'sig');
    await assertPair(first);

    const second = await loadIssuerKeys({ signingKeyJwk: null, dataDir });
    assert.deepEqual(second.publicJwk, first.publicJwk);
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    assert.equal(stored.x, first.publicJwk.x);
    assert.equal(typeof stored.d, 'string');
  });

  it('ends with one key when several calls race for an empty directory', async () => {
    const dataDir = await tempDir();
    const all = await Promise.all(Array.from({ length: 8 }, () => loadIssuerKeys({ signingKeyJwk: null, dataDir })));
    for (const keys of all) assert.deepEqual(keys.publicJwk, all[0]!.publicJwk);
    assert.deepEqual((await loadIssuerKeys({ signingKeyJwk: null, dataDir })).publicJwk, all[0]!.publicJwk);
  });

  it('ends with one key when several processes start at once', async () => {
    const dataDir = await tempDir();
    const script = `const { loadIssuerKeys } = await import(${JSON.stringify(new URL('./keys.js', import.meta.url).href)});
      const keys = await loadIssuerKeys({ signingKeyJwk: null, dataDir: process.argv[1] });
      process.stdout.write(keys.publicJwk.x);`;
    const run = promisify(execFile);
    const outputs = await Promise.all(Array.from({ length: 4 }, () => run(process.execPath, ['--input-type=module', '-e', script, dataDir])));
    const xs = new Set(outputs.map(({ stdout }) => stdout));
    assert.equal(xs.size, 1);
    assert.equal([...xs][0], (await loadIssuerKeys({ signingKeyJwk: null, dataDir })).publicJwk.x);
  });

  it('refuses a damaged key file rather than replace the key', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, DEVELOPMENT_KEY_FILE), JSON.stringify({ kty: 'OKP', crv: 'Ed25519', d: 'short' }));
    await assert.rejects(loadIssuerKeys({ signingKeyJwk: null, dataDir }), StartupError);
  });
});

describe('loadIssuerKeys: configured key', () => {
  it('uses the configured private JWK and derives its public key', async () => {
    const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const dataDir = await tempDir();
    const keys = await loadIssuerKeys({ signingKeyJwk: JSON.stringify(jwk), dataDir });
    assert.equal(keys.source, 'configured');
    assert.equal(keys.publicJwk.x, jwk.x);
    assert.equal(keys.publicJwk.d, undefined);
    await assertPair(keys);
    await assert.rejects(stat(join(dataDir, DEVELOPMENT_KEY_FILE)), { code: 'ENOENT' });

    const withoutX = await loadIssuerKeys({ signingKeyJwk: JSON.stringify({ kty: 'OKP', crv: 'Ed25519', d: jwk.d, kid: 'academy-2025' }), dataDir });
    assert.equal(withoutX.publicJwk.x, jwk.x);
    assert.equal(withoutX.publicJwk.kid, 'academy-2025');
  });

  it('rejects a key that is not an Ed25519 private JWK, or whose x is not its own', async () => {
    const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
    const { privateKey: other } = await generateKeyPair('Ed25519', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const mismatched = { ...jwk, x: (await exportJWK(other)).x };
    for (const bad of [{ ...jwk, crv: 'Ed448' }, { ...jwk, d: undefined }, { ...jwk, d: 'AAAA' }, mismatched]) {
      await assert.rejects(loadIssuerKeys({ signingKeyJwk: JSON.stringify(bad), dataDir: '/nonexistent' }), ConfigError);
    }
  });
});
