import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { signCertificateCredential } from './credential.js';
import { didDocument, jwks } from './issuer.js';
import { encodeStatusList, signStatusListCredential } from './status-list.js';
import { BASE_URL, certificateClaims, ISSUER, newIssuerKeys } from './testing.js';

const CLI = fileURLToPath(new URL('./verify-cli.js', import.meta.url));

let dir: string;
const file = (name: string) => join(dir, name);

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amahoro-verify-cli-'));
  const keys = await newIssuerKeys();
  const issuedAt = new Date(Date.now() - 86_400_000);
  const credential = await signCertificateCredential(certificateClaims({ issuedAt }), keys, BASE_URL);
  const statusList = (revoked: number[]) =>
    signStatusListCredential(encodeStatusList(revoked), keys, BASE_URL, 'Amahoro Peace Academy', { validFrom: issuedAt });
  const forged = await signCertificateCredential(certificateClaims({ issuedAt }), await newIssuerKeys(), BASE_URL);
  await Promise.all([
    writeFile(file('credential.jwt'), `${credential}\n`),
    writeFile(file('forged.jwt'), forged),
    writeFile(file('jwks.json'), JSON.stringify(jwks(keys, BASE_URL))),
    writeFile(file('did.json'), JSON.stringify(didDocument(BASE_URL, keys))),
    writeFile(file('status-clear.jwt'), await statusList([7])),
    writeFile(file('status-revoked.jwt'), await statusList([7, 42])),
    writeFile(file('not-json.json'), 'keys'),
  ]);
});

after(() => rm(dir, { recursive: true, force: true }));

describe('verify CLI', () => {
  it('verifies a credential with the public key set alone, exit 0', () => {
    const { code, out } = cli('credential.jwt', '--key', 'jwks.json', '--issuer', ISSUER);
    assert.equal(code, 0, out);
    assert.match(out, /Holder +Aline Uwimana/);
    assert.match(out, /PASS signature/);
    assert.match(out, /SKIP revocation +not checked/);
    assert.match(out, /^VERIFIED$/m);
    assert.doesNotMatch(out, /No --issuer given/);
  });

  it('checks revocation against a status list file: exit 0 while clear, 1 once revoked', () => {
    const clear = cli('credential.jwt', '--key=jwks.json', '--status-list', 'status-clear.jwt', '--issuer', ISSUER);
    assert.equal(clear.code, 0, clear.out);
    assert.match(clear.out, /PASS revocation +not revoked/);

    const revoked = cli('credential.jwt', '--key', 'jwks.json', '--status-list', join(dir, 'status-revoked.jwt'), '--issuer', ISSUER);
    assert.equal(revoked.code, 1, revoked.out);
    assert.match(revoked.out, /FAIL revocation +revoked: bit 42/);
    assert.match(revoked.out, /^NOT VERIFIED$/m);
  });

  it("expects the credential's own issuer when none is given, and says so", () => {
    const { code, out } = cli('credential.jwt', '--key', 'did.json');
    assert.equal(code, 0, out);
    assert.match(out, /No --issuer given: expecting the credential's own issuer, did:web:academy\.example\.org\./);
  });

  it('exits 1 for a forged credential or another issuer', () => {
    const forged = cli('forged.jwt', '--key', 'jwks.json', '--issuer', ISSUER);
    assert.equal(forged.code, 1);
    assert.match(forged.out, /FAIL signature/);
    const other = cli('credential.jwt', '--key', 'jwks.json', '--issuer', 'did:web:other.example.org');
    assert.equal(other.code, 1);
    assert.match(other.out, /FAIL issuer/);
  });

  it('exits 2 on usage errors', () => {
    for (const args of [
      [],
      ['credential.jwt'],
      ['credential.jwt', '--key'],
      ['credential.jwt', '--key', 'missing.json'],
      ['credential.jwt', '--key', 'not-json.json'],
      ['missing.jwt', '--key', 'jwks.json'],
      ['credential.jwt', 'forged.jwt', '--key', 'jwks.json'],
      ['credential.jwt', '--key', 'jwks.json', '--colour'],
    ]) {
      const { code, err } = cli(...args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /^verify: .*\n\nUsage: /, args.join(' '));
    }
  });
});
