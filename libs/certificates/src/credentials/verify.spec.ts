import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeJwt, type JWK, SignJWT } from 'jose';
import { signCertificateCredential } from './credential.js';
import { jwks } from './issuer.js';
import type { IssuerKeys } from './keys.js';
import { encodeStatusList, signStatusListCredential } from './status-list.js';
import { BASE_URL, certificateClaims, ISSUER, newIssuerKeys } from './testing.js';
import { type VerificationResult, verifyCredential } from './verify.js';

const STATUS_URL = `${BASE_URL}/api/v1/credentials/status/1`;
const ISSUED = certificateClaims().issuedAt;
const LATER = new Date('2025-06-01T00:00:00Z');

let keys: IssuerKeys;
let publicKeys: JWK[];
let jwt: string;

before(async () => {
  keys = await newIssuerKeys();
  publicKeys = jwks(keys, BASE_URL).keys;
  jwt = await signCertificateCredential(certificateClaims(), keys, BASE_URL);
});

const verify = (token: string, options: Partial<Parameters<typeof verifyCredential>[1]> = {}) =>
  verifyCredential(token, { keys: publicKeys, expectedIssuer: ISSUER, now: LATER, ...options });

const statusListOf = async (revoked: number[], signer = keys, baseUrl = BASE_URL, options = {}) =>
  signStatusListCredential(encodeStatusList(revoked), signer, baseUrl, 'Amahoro Peace Academy', { validFrom: ISSUED, ...options });

function check(result: VerificationResult, name: string) {
  const found = result.checks.find((c) => c.check === name);
  assert.ok(found, `no ${name} check`);
  return found;
}

/** Not verified, because the check named really ran and failed (not merely crashed), and no earlier one did. */
function assertRejected(result: VerificationResult, failing: string, context = '') {
  const checks = `${context} ${JSON.stringify(result.checks)}`;
  assert.equal(result.verified, false, checks);
  const failed = result.checks.filter((c) => !c.passed && !c.skipped);
  assert.equal(failed[0]?.check, failing, checks);
  assert.doesNotMatch(failed[0]!.detail!, /^could not be checked/, checks);
  assert.deepEqual(result.checks.map((c) => c.check), ['format', 'signature', 'issuer', 'validity', 'revocation']);
}

/**
 * The check a token changed by someone without the key must fail: format when what it says is malformed (the
 * same header and payload properly signed still fail the format check), else the signature, and never later.
 */
async function checkTamperingFails(token: string): Promise<'format' | 'signature'> {
  const parts = token.split('.');
  if (parts.length !== 3 || Buffer.from(parts[2]!, 'base64url').toString('base64url') !== parts[2]) return 'format';
  const signingInput = `${parts[0]}.${parts[1]}`;
  const signature = Buffer.from(await crypto.subtle.sign('Ed25519', keys.privateKey, Buffer.from(signingInput))).toString('base64url');
  const resigned = await verify(`${signingInput}.${signature}`);
  return check(resigned, 'format').passed ? 'signature' : 'format';
}

describe('verifyCredential: a genuine credential', () => {
  it('passes every check, with the status list', async () => {
    const statusList = await statusListOf([41, 43]);
    const fetched: string[] = [];
    const result = await verify(jwt, {
      fetchStatusList: (url) => {
        fetched.push(url);
        return Promise.resolve(statusList);
      },
    });
    assert.equal(result.verified, true, JSON.stringify(result.checks));
    assert.deepEqual(result.checks.map((c) => [c.check, c.passed]), [
      ['format', true],
      ['signature', true],
      ['issuer', true],
      ['validity', true],
      ['revocation', true],
    ]);
    assert.deepEqual(fetched, [STATUS_URL]);
    assert.equal(result.credential?.id, 'urn:uuid:6f1c2b7e-3d4a-4b8e-9c0f-1a2b3c4d5e6f');
    assert.match(check(result, 'issuer').detail!, /Amahoro Peace Academy/);
  });

  it('is verified without a status list, the revocation check marked as not done', async () => {
    const result = await verify(jwt);
    assert.equal(result.verified, true);
    assert.deepEqual(check(result, 'revocation'), {
      check: 'revocation',
      passed: false,
      skipped: true,
      detail: 'not checked: no status list to check against',
    });
  });

  it('allows a few minutes of clock difference, no more', async () => {
    assert.equal((await verify(jwt, { now: new Date(ISSUED.getTime() - 60_000) })).verified, true);
    const early = await verify(jwt, { now: new Date(ISSUED.getTime() - 3_600_000) });
    assertRejected(early, 'validity');
    assert.match(check(early, 'validity').detail!, /not valid before 2025-03-20T09:30:00Z/);
  });

  it('fails the validity check on an expired credential or on dates it cannot read', async () => {
    const resign = (changes: Record<string, unknown>) =>
      new SignJWT({ ...decodeJwt(jwt), ...changes }).setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: `${ISSUER}#key-1` }).sign(keys.privateKey);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ validUntil: '2025-04-01T00:00:00Z' }, /^expired on 2025-04-01T00:00:00Z$/],
      [{ exp: Date.parse('2025-04-01T00:00:00Z') / 1000 }, /^expired on 2025-04-01T00:00:00Z$/],
      [{ nbf: 1e20 }, /nbf claim is not a date/],
      [{ nbf: '2025-01-01' }, /nbf claim is not a date/],
      [{ validFrom: 'yesterday' }, /validFrom is not a date/],
      [{ validUntil: 2026 }, /validUntil is not a date/],
    ];
    for (const [changes, detail] of cases) {
      const result = await verify(await resign(changes));
      assertRejected(result, 'validity');
      assert.match(check(result, 'validity').detail!, detail);
      assert.equal(check(result, 'revocation').skipped, true);
    }
  });

  it('finds the key by kid fragment, by any key when the kid names none, and ignores unusable entries', async () => {
    const withoutKid = publicKeys.map(({ kid: _kid, ...rest }) => rest);
    assert.equal((await verify(jwt, { keys: withoutKid })).verified, true);
    const other = jwks(await newIssuerKeys(), BASE_URL).keys[0]!;
    const noise = [null, {}, { kty: 'RSA', n: 'x', e: 'AQAB' }, { kty: 'OKP', crv: 'Ed25519', x: 'short' }, other] as unknown as JWK[];
    assert.equal((await verify(jwt, { keys: [...noise, ...publicKeys] })).verified, true);
    assert.equal((await verify(jwt, { keys: publicKeys.map((k) => ({ ...k, kid: 'key-1' })) })).verified, true);
    assertRejected(await verify(jwt, { keys: [] }), 'signature');
    assertRejected(await verify(jwt, { keys: publicKeys.map((k) => ({ ...k, use: 'enc' })) }), 'signature');
  });
});

describe('verifyCredential: tampering', () => {
  it('fails on one character changed anywhere in the JWT, at the format check or the signature', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < jwt.length; i++) {
      const replacement = jwt[i] === 'A' ? 'B' : 'A';
      const tampered = jwt.slice(0, i) + replacement + jwt.slice(i + 1);
      const result = await verify(tampered);
      const failing = await checkTamperingFails(tampered);
      assertRejected(result, failing, `position ${i} (${jwt[i]} → ${replacement})`);
      assert.equal(result.credential, undefined, `position ${i}`);
      const part = jwt[i] === '.' ? 'dot' : i < jwt.indexOf('.') ? 'header' : i < jwt.lastIndexOf('.') ? 'payload' : 'signature';
      seen.add(`${part} ${failing}`);
    }
    // Both kinds were met: header and payload made unreadable, and each part readable but no longer what was signed.
    for (const kind of ['header format', 'header signature', 'payload format', 'payload signature', 'signature signature', 'dot format']) {
      assert.ok(seen.has(kind), `${kind}: ${[...seen].join(', ')}`);
    }
  });

  it('fails on one byte changed in the header, payload or signature, re-encoded', async () => {
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const flip = (part: string, at: number) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[at]! ^= 0x01;
      return bytes.toString('base64url');
    };
    const payloadText = Buffer.from(payload, 'base64url').toString();
    const renamed = Buffer.from(payloadText.replace('Aline Uwimana', 'Aline Uwimanb')).toString('base64url');
    const cases: Array<[string, string, string, RegExp]> = [
      [`${flip(header, 10)}.${payload}.${signature}`, 'header: alg EdESA', 'format', /^unsupported signature algorithm "EdESA"/],
      [`${header}.${renamed}.${signature}`, 'payload: the holder renamed', 'signature', /not valid for any of the issuer's keys/],
      [`${header}.${flip(payload, 400)}.${signature}`, 'payload: a date in the description', 'signature', /not valid for any of the issuer's keys/],
      [`${header}.${payload}.${flip(signature, 0)}`, 'signature: first byte', 'signature', /not valid for any of the issuer's keys/],
      [`${header}.${payload}.${flip(signature, 63)}`, 'signature: last byte', 'signature', /not valid for any of the issuer's keys/],
    ];
    for (const [token, where, failing, detail] of cases) {
      const result = await verify(token);
      assertRejected(result, failing, where);
      assert.match(check(result, failing).detail!, detail, where);
    }
  });

  it('refuses another spelling of the same bytes (a changed padding bit in the last character)', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const parts = jwt.split('.');
    for (let p = 0; p < 3; p++) {
      const part = parts[p]!;
      if (part.length % 4 === 0) continue; // no padding bits to play with
      const sibling = alphabet[alphabet.indexOf(part.at(-1)!) ^ 1]!;
      const respelled = part.slice(0, -1) + sibling;
      assert.deepEqual(Buffer.from(respelled, 'base64url'), Buffer.from(part, 'base64url'));
      const token = parts.map((original, i) => (i === p ? respelled : original)).join('.');
      assertRejected(await verify(token), 'format');
    }
  });

  it('refuses an unsigned token (alg none)', async () => {
    const [, payload, signature] = jwt.split('.') as [string, string, string];
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'vc+jwt' })).toString('base64url');
    for (const token of [`${none}.${payload}.`, `${none}.${payload}.${signature}`]) {
      const result = await verify(token);
      assertRejected(result, 'format');
    }
    const hs256 = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'vc+jwt' })).toString('base64url');
    assertRejected(await verify(`${hs256}.${payload}.${signature}`), 'format');
  });

  it('refuses a credential signed by another key, even one claiming the issuer kid', async () => {
    const forged = await signCertificateCredential(certificateClaims(), await newIssuerKeys(), BASE_URL);
    const result = await verify(forged);
    assertRejected(result, 'signature');
    assert.equal(result.credential, undefined);
    assert.match(check(result, 'issuer').detail!, /^not checked/);
  });

  it('refuses a credential of another issuer', async () => {
    const result = await verify(jwt, { expectedIssuer: 'did:web:other.example.org' });
    assertRejected(result, 'issuer');
    assert.match(check(result, 'issuer').detail!, /not by did:web:other\.example\.org/);

    // Signed with the right key but naming another issuer (the key was lent or the claims mixed up).
    const elsewhere = await signCertificateCredential(certificateClaims(), keys, 'https://elsewhere.example.org');
    assertRejected(await verify(elsewhere), 'issuer');

    const mixed = await new SignJWT({ ...decodeJwt(jwt), iss: 'did:web:elsewhere.example.org' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: `${ISSUER}#key-1` })
      .sign(keys.privateKey);
    assertRejected(await verify(mixed), 'issuer');
  });

  it('refuses a signed token that is not an Open Badges credential', async () => {
    const sign = (payload: Record<string, unknown>, typ = 'vc+jwt') => new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ }).sign(keys.privateKey);
    const anonymous = decodeJwt(jwt);
    delete anonymous.issuer;
    const cases: Array<[string, string, RegExp]> = [
      ['a status list', await statusListOf([]), /^not an OpenBadgeCredential or AchievementCredential: type is \["VerifiableCredential","BitstringStatusListCredential"\]$/],
      ['a bare JWT', await sign({ sub: 'someone' }), /^the first @context is not https:\/\/www\.w3\.org\/ns\/credentials\/v2$/],
      ['typed JWT', await sign(decodeJwt(jwt), 'JWT'), /^the JWT type is "JWT", not "vc\+jwt"$/],
      ['without an issuer', await sign(anonymous), /^the credential has no issuer$/],
    ];
    for (const [name, token, detail] of cases) {
      const result = await verify(token);
      assertRejected(result, 'format', name);
      assert.match(check(result, 'format').detail!, detail, name);
    }
  });

  it('answers garbage with a failed format check, never an exception', async () => {
    const garbage: unknown[] = [
      '',
      'abc',
      'a.b.c',
      '...',
      'a.b.c.d',
      '{"credential":"x"}',
      JSON.stringify(jwt),
      ` ${jwt}`,
      `${jwt}\n`,
      '\u0000.\u0000.\u0000',
      'x'.repeat(300_000),
      `${Buffer.from('[]').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.${'A'.repeat(86)}`,
      `${Buffer.from('{"alg":"EdDSA","typ":"vc+jwt"}').toString('base64url')}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.${'A'.repeat(86)}`,
      null,
      undefined,
      42,
      {},
    ];
    for (const input of garbage) {
      const result = await verify(input as string);
      assertRejected(result, 'format');
      assert.equal(result.credential, undefined);
    }
  });
});

describe('verifyCredential: revocation', () => {
  it('fails the revocation check once the index is set', async () => {
    const revoked = await statusListOf([42]);
    const result = await verify(jwt, { fetchStatusList: () => Promise.resolve(revoked) });
    assertRejected(result, 'revocation');
    assert.equal(check(result, 'signature').passed, true);
    assert.match(check(result, 'revocation').detail!, /^revoked: bit 42 of the status list .* is set$/);
  });

  it('does not trust a status list it cannot verify', async () => {
    const cases: Array<[string, () => Promise<string>, RegExp]> = [
      ['signed by another key', async () => statusListOf([], await newIssuerKeys()), /not valid for any of the issuer's keys/],
      ['of another issuer', async () => statusListOf([], keys, 'https://elsewhere.example.org'), /not https:\/\/academy/],
      ['expired', async () => statusListOf([], keys, BASE_URL, { validUntil: new Date('2025-04-01T00:00:00Z') }), /expired/],
      ['a certificate, not a list', () => Promise.resolve(jwt), /not a BitstringStatusListCredential/],
      ['garbage', () => Promise.resolve('a.b.c'), /malformed/],
      ['unreachable', () => Promise.reject(new Error('connection refused')), /could not get the status list .*connection refused/],
      ['shorter than the index', async () => signStatusListCredential(encodeStatusList([], 16), keys, BASE_URL, 'Amahoro', { validFrom: ISSUED }), /beyond the end/],
    ];
    for (const [name, statusList, detail] of cases) {
      const result = await verify(jwt, { fetchStatusList: statusList });
      assertRejected(result, 'revocation');
      assert.match(check(result, 'revocation').detail!, detail, name);
    }
  });
});
