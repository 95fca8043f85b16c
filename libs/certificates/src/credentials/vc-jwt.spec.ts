import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { issuerDid, issuerKeyId } from './issuer.js';
import { newIssuerKeys } from './testing.js';
import { signVcJwt, VC_JWT_TYPE } from './vc-jwt.js';

const BASE = 'https://academy.example.org';

describe('signVcJwt', () => {
  it('signs byte for byte as jose does, with and without an expiry', async () => {
    const keys = await newIssuerKeys();
    for (const validUntil of [undefined, '2031-05-01T00:00:00Z']) {
      const credential = { id: 'urn:uuid:0f5b6c1e-4d1a-4c2b-9a43-6a1f0e3c2b11', validFrom: '2026-05-01T10:20:30Z', ...(validUntil && { validUntil }), name: 'Médiation' };
      const expected = new SignJWT(credential)
        .setProtectedHeader({ alg: 'EdDSA', typ: VC_JWT_TYPE, kid: issuerKeyId(BASE) })
        .setIssuer(issuerDid(BASE))
        .setJti(credential.id)
        .setSubject('urn:uuid:x#holder')
        .setNotBefore(new Date(credential.validFrom))
        .setIssuedAt(new Date(credential.validFrom));
      if (validUntil) expected.setExpirationTime(new Date(validUntil));
      assert.equal(await signVcJwt(credential, 'urn:uuid:x#holder', keys, BASE), await expected.sign(keys.privateKey));
    }
  });

  it('refuses an invalid date', async () => {
    const keys = await newIssuerKeys();
    await assert.rejects(signVcJwt({ id: 'urn:uuid:x', validFrom: 'not a date' }, 's', keys, BASE), TypeError);
  });
});
