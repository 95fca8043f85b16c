import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { decodeStatusList, encodeStatusList, isIndexSet, signStatusListCredential, STATUS_LIST_SIZE } from './status-list.js';
import { BASE_URL, ISSUER, newIssuerKeys } from './testing.js';

describe('bitstring status list', () => {
  it('round-trips the edges of bytes and of the list', () => {
    const revoked = [0, 7, 8, STATUS_LIST_SIZE - 1];
    const encoded = encodeStatusList(revoked);
    assert.match(encoded, /^u[A-Za-z0-9_-]+$/);
    for (const index of revoked) assert.equal(isIndexSet(encoded, index), true, `index ${index}`);
    for (const index of [1, 6, 9, 15, 16, STATUS_LIST_SIZE - 2]) assert.equal(isIndexSet(encoded, index), false, `index ${index}`);
  });

  it('puts index 0 in the most significant bit of the first byte, as the specification says', () => {
    const bits = gunzipSync(Buffer.from(encodeStatusList([0, 9, 15]).slice(1), 'base64url'));
    assert.equal(bits.length, STATUS_LIST_SIZE / 8);
    assert.equal(bits[0], 0b1000_0000);
    assert.equal(bits[1], 0b0100_0001);
    assert.equal(bits.subarray(2).every((byte) => byte === 0), true);
  });

  it('is small when few are revoked', () => {
    assert.ok(encodeStatusList([]).length < 200);
    assert.equal(decodeStatusList(encodeStatusList([])).length, 16384);
  });

  it('sets exactly the revoked indexes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 1023 }), { maxLength: 40 }), fc.nat({ max: 1023 }), (revoked, probe) => {
        const encoded = encodeStatusList(revoked, 1024);
        assert.equal(isIndexSet(encoded, probe), revoked.includes(probe));
      }),
    );
  });

  it('rejects indexes outside the list and lists that are not one', () => {
    assert.throws(() => encodeStatusList([STATUS_LIST_SIZE]), RangeError);
    assert.throws(() => encodeStatusList([-1]), RangeError);
    assert.throws(() => encodeStatusList([1.5]), RangeError);
    assert.throws(() => encodeStatusList([], 12), RangeError);
    assert.throws(() => isIndexSet(encodeStatusList([], 1024), 1024), RangeError);
    for (const bad of ['', 'u', 'zAAAA', 'uAAAA', 'u!!!', `u${Buffer.from('not gzip').toString('base64url')}`]) {
      assert.throws(() => isIndexSet(bad, 0), Error, bad);
    }
  });

  it('signs the list as a BitstringStatusListCredential VC-JWT', async () => {
    const keys = await newIssuerKeys();
    const encodedList = encodeStatusList([3]);
    const jwt = await signStatusListCredential(encodedList, keys, BASE_URL, 'Amahoro Peace Academy', { validFrom: new Date('2025-04-01T00:00:00Z') });
    const url = `${BASE_URL}/api/v1/credentials/status/1`;
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'EdDSA', typ: 'vc+jwt', kid: `${ISSUER}#key-1` });
    const payload = decodeJwt(jwt);
    assert.deepEqual(payload.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
    assert.equal(payload.id, url);
    assert.equal(payload.iss, ISSUER);
    assert.equal(payload.validFrom, '2025-04-01T00:00:00Z');
    assert.deepEqual(payload.credentialSubject, { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList });
    await assert.rejects(signStatusListCredential('not a list', keys, BASE_URL, 'Amahoro Peace Academy'));
  });
});
