// The academy as an issuer of credentials: its did:web identifier and the public documents verifiers fetch.
import type { JWK } from 'jose';
import type { IssuerKeys } from './keys.js';

/** The one verification method of the issuer's DID document. */
const KEY_FRAGMENT = 'key-1';

/**
 * did:web of the public base URL: the host (a port's colon percent-encoded) then each path segment, joined
 * by ':'. 'http://localhost:3000' → 'did:web:localhost%3A3000'; 'https://a.org/academy' → 'did:web:a.org:academy'.
 * A resolver fetches https://<host>/.well-known/did.json, or https://<host>/<path>/did.json when there is a path.
 */
export function issuerDid(publicBaseUrl: string): string {
  const url = new URL(publicBaseUrl);
  const segments = url.pathname.split('/').filter(Boolean);
  return ['did', 'web', url.host, ...segments].map((part, i) => (i < 2 ? part : part.replaceAll(':', '%3A'))).join(':');
}

/**
 * The DID URL of the signing key: the one key id used everywhere, in every credential's JOSE header, in the
 * JWKS and in the DID document, so a stock JOSE verifier given the JWKS finds the key by its `kid`.
 */
export function issuerKeyId(publicBaseUrl: string): string {
  return `${issuerDid(publicBaseUrl)}#${KEY_FRAGMENT}`;
}

/** The DID document served at GET /.well-known/did.json. */
export function didDocument(publicBaseUrl: string, keys: IssuerKeys): object {
  const did = issuerDid(publicBaseUrl);
  const method = issuerKeyId(publicBaseUrl);
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: did,
    verificationMethod: [{ id: method, type: 'JsonWebKey', controller: did, publicKeyJwk: publicJwk(keys, publicBaseUrl) }],
    assertionMethod: [method],
    authentication: [method],
  };
}

/** The key set served at GET /.well-known/jwks.json. */
export function jwks(keys: IssuerKeys, publicBaseUrl: string): { keys: JWK[] } {
  return { keys: [publicJwk(keys, publicBaseUrl)] };
}

export function statusListUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl}/api/v1/credentials/status/1`;
}

/** A copy of the public members only, whatever else the key object may carry, named by the issuer's key id. */
function publicJwk(keys: IssuerKeys, publicBaseUrl: string): JWK {
  const { kty, crv, x, alg, use } = keys.publicJwk;
  return { kty, crv, x, kid: issuerKeyId(publicBaseUrl), alg, use };
}
