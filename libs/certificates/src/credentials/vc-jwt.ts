// What every credential this academy signs shares: the JSON-LD contexts, the JOSE header and the JWT claims
// that mirror the credential's own properties (VC-JOSE-COSE: the JWT payload is the credential itself).
import { SignJWT } from 'jose';
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

export async function signVcJwt(
  credential: Record<string, unknown> & { id: string; validFrom: string; validUntil?: string },
  subject: string,
  keys: IssuerKeys,
  publicBaseUrl: string,
): Promise<string> {
  const issued = new Date(credential.validFrom);
  const jwt = new SignJWT(credential)
    .setProtectedHeader({ alg: 'EdDSA', typ: VC_JWT_TYPE, kid: issuerKeyId(publicBaseUrl) })
    .setIssuer(issuerDid(publicBaseUrl))
    .setJti(credential.id)
    .setSubject(subject)
    .setNotBefore(issued)
    .setIssuedAt(issued);
  if (credential.validUntil) jwt.setExpirationTime(new Date(credential.validUntil));
  return jwt.sign(keys.privateKey);
}
