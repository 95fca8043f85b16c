// Verifies issued credentials and the status list exactly as an outside party would: only `jose`, only the
// JWKS published over HTTP, and Node's own gunzip; no code of this project.
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { eventually, finalisedClass } from './support/classroom.js';
import { useApp } from './support/fixture.js';

type Credential = JWTPayload & {
  id: string;
  issuer: { id: string };
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id: string; encodedList?: string };
  credentialStatus?: { statusListIndex: string; statusListCredential: string };
};

describe('credentials: verified by a stock JOSE verifier with the published JWKS', () => {
  const app = useApp({ worker: true });

  /** What an outside verifier does: fetch the key set, verify the JWT, and check the claims mirror the credential. */
  async function verifyAsOutsider(jwt: string, expectedType: string): Promise<Credential> {
    const keySet = createLocalJWKSet((await (await fetch(`${app.api.baseUrl}/.well-known/jwks.json`)).json()) as JSONWebKeySet);
    const did = (await (await fetch(`${app.api.baseUrl}/.well-known/did.json`)).json()) as { id: string; verificationMethod: Array<{ id: string }> };
    const { payload, protectedHeader } = await jwtVerify<Credential>(jwt, keySet, { issuer: did.id, typ: 'vc+jwt', algorithms: ['EdDSA'] });
    assert.equal(protectedHeader.kid, did.verificationMethod[0]!.id, 'the header names the DID document’s key');
    assert.ok((payload.type as unknown as string[]).includes(expectedType));
    assert.equal(payload.iss, payload.issuer.id);
    assert.equal(payload.sub, payload.credentialSubject.id);
    assert.ok(payload.sub, 'the subject has an id');
    assert.equal(payload.jti, payload.id);
    assert.equal(payload.nbf, Date.parse(payload.validFrom) / 1000);
    if (payload.validUntil) assert.equal(payload.exp, Date.parse(payload.validUntil) / 1000);
    else assert.equal(payload.exp, undefined);
    return payload;
  }

  async function revokedBit(credential: Credential): Promise<boolean> {
    const status = credential.credentialStatus!;
    // The test API listens on another port than its public base URL names: same path, this server.
    const url = `${app.api.baseUrl}${new URL(status.statusListCredential).pathname}`;
    const list = await verifyAsOutsider(await (await fetch(url)).text(), 'BitstringStatusListCredential');
    const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList!.slice(1), 'base64url'));
    const index = Number(status.statusListIndex);
    return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
  }

  it('verifies each issued credential and its status list; sees the bit once revoked', async () => {
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 2);
    await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
    const list = await eventually(
      () => app.api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token }),
      (r) => r.body.counts.issued === 2,
    );
    const jwts: string[] = [];
    const keys = (await (await fetch(`${app.api.baseUrl}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    for (const certificate of list.body.items as Array<{ id: string; enrollmentId: string }>) {
      const holder = passed.find((p) => p.enrollmentId === certificate.enrollmentId)!;
      const jwt = String((await app.api.get(`/api/v1/certificates/${certificate.id}/credential`, { token: holder.token })).body);
      assert.equal(decodeProtectedHeader(jwt).kid, keys.keys[0]!.kid, 'the JWKS publishes the header’s kid');
      const credential = await verifyAsOutsider(jwt, 'OpenBadgeCredential');
      assert.equal(await revokedBit(credential), false);
      jwts.push(jwt);
    }
    const [first] = list.body.items as Array<{ id: string }>;
    await app.api.post(`/api/v1/certificates/${first!.id}/revoke`, { token: app.admin.token, body: { reason: 'Issued in error' } });
    assert.equal(await revokedBit(await verifyAsOutsider(jwts[0]!, 'OpenBadgeCredential')), true, 'the signature still holds; the list says revoked');
  });
});
