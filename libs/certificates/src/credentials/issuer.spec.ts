import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { signCertificateCredential } from './credential.js';
import { didDocument, issuerDid, issuerKeyId, jwks, statusListUrl } from './issuer.js';
import { certificateClaims, newIssuerKeys } from './testing.js';

describe('issuer identity', () => {
  it('derives a did:web from the public base URL', () => {
    assert.equal(issuerDid('http://localhost:3000'), 'did:web:localhost%3A3000');
    assert.equal(issuerDid('https://academy.example.org'), 'did:web:academy.example.org');
    assert.equal(issuerDid('https://Academy.Example.org:443'), 'did:web:academy.example.org');
    assert.equal(issuerDid('https://example.org/peace/academy'), 'did:web:example.org:peace:academy');
    assert.equal(issuerDid('https://example.org:8443/academy/'), 'did:web:example.org%3A8443:academy');
  });

  it('publishes the public key only, in the DID document and the key set', async () => {
    const keys = await newIssuerKeys();
    const document = didDocument('http://localhost:3000', keys) as Record<string, unknown>;
    assert.deepEqual(document, {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
      id: 'did:web:localhost%3A3000',
      verificationMethod: [
        {
          id: 'did:web:localhost%3A3000#key-1',
          type: 'JsonWebKey',
          controller: 'did:web:localhost%3A3000',
          publicKeyJwk: { ...keys.publicJwk, kid: 'did:web:localhost%3A3000#key-1' },
        },
      ],
      assertionMethod: ['did:web:localhost%3A3000#key-1'],
      authentication: ['did:web:localhost%3A3000#key-1'],
    });
    const set = jwks({ ...keys, publicJwk: { ...keys.publicJwk, d: 'must-not-leak' } }, 'http://localhost:3000');
    assert.equal(set.keys.length, 1);
    assert.equal(set.keys[0]!.d, undefined);
    assert.equal(set.keys[0]!.x, keys.publicJwk.x);
    assert.doesNotMatch(JSON.stringify(document), /"d"/);
  });

  it('names the key by one id everywhere: JOSE header, JWKS and DID document; a stock verifier finds it', async () => {
    const keys = await newIssuerKeys();
    const base = 'https://academy.example.org';
    const jwt = await signCertificateCredential(certificateClaims(), keys, base);
    const set = jwks(keys, base);
    const document = didDocument(base, keys) as { verificationMethod: Array<{ id: string; publicKeyJwk: { kid: string } }> };
    const kid = decodeProtectedHeader(jwt).kid;
    assert.equal(kid, issuerKeyId(base));
    assert.deepEqual([set.keys[0]!.kid, document.verificationMethod[0]!.id, document.verificationMethod[0]!.publicKeyJwk.kid], [kid, kid, kid]);
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(set), { issuer: issuerDid(base), currentDate: new Date('2025-06-01T00:00:00Z') });
    assert.equal(payload.jti, payload.id);
  });

  it('places the status list under the API', () => {
    assert.equal(statusListUrl('https://academy.example.org'), 'https://academy.example.org/api/v1/credentials/status/1');
  });
});
