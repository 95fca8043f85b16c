// What every credential this academy signs shares: the JSON-LD contexts, the JOSE header and the JWT claims
// that mirror the credential's own properties (VC-JOSE-COSE: the JWT payload is the credential itself).
import { KeyObject, sign } from 'node:crypto';
import type { CryptoKey } from 'jose';
import { issuerDid, issuerKeyId } from './issuer.js';
import type { IssuerKeys } from './keys.js';

export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const VC_JWT_TYPE = 'vc+jwt';
/** Ed25519 under both names a JOSE header may give it: `EdDSA` (RFC 8037) and fully specified `Ed25519`. */
export const ED25519_ALGORITHMS = ['EdDSA', 'Ed25519'];

/** Whole seconds, so `validFrom` and the JWT `nbf`/`iat` say the same instant. */
export function xsdDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The key as node:crypto takes it, converted once per key. */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();
const keyObject = (key: CryptoKey) => keyObjects.get(key) ?? keyObjects.set(key, KeyObject.from(key)).get(key)!;

/** JWT NumericDate: whole seconds since the epoch. */
function numericDate(date: Date): number {
  const seconds = Math.floor(date.getTime() / 1000);
  if (!Number.isFinite(seconds)) throw new TypeError('invalid date');
  return seconds;
}

const base64url = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');

/**
 * The compact JWS, byte for byte what jose's SignJWT gives for the same header and claims (Ed25519 is deterministic),
 * signed synchronously by node:crypto: no WebCrypto promise nor thread-pool hop per certificate.
 */
export async function signVcJwt(
  credential: Record<string, unknown> & { id: string; validFrom: string; validUntil?: string },
  subject: string,
  keys: IssuerKeys,
  publicBaseUrl: string,
): Promise<string> {
  const issued = numericDate(new Date(credential.validFrom));
  const claims: Record<string, unknown> = { ...credential, iss: issuerDid(publicBaseUrl), jti: credential.id, sub: subject, nbf: issued, iat: issued };
  if (credential.validUntil) claims.exp = numericDate(new Date(credential.validUntil));
  const input = `${base64url({ alg: 'EdDSA', typ: VC_JWT_TYPE, kid: issuerKeyId(publicBaseUrl) })}.${base64url(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), keyObject(keys.privateKey)).toString('base64url')}`;
}
