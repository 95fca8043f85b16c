// The format check: whether a string is a compact JWS that could be one of the academy's VC-JWTs, and its
// header and payload read, not yet trusted.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { GenericSchema, InferOutput } from 'valibot';
import { failed, type Outcome, passed } from './verify-outcome.js';
import { JoseHeader, OpenBadgeCredential, parse } from './verify-schemas.js';

/** A certificate is a few kilobytes; anything far larger is not one and is not worth parsing. */
const MAX_JWT_LENGTH = 256 * 1024;
const ED25519_SIGNATURE_BYTES = 64;

export interface Token<TPayload = Record<string, unknown>> {
  jwt: string;
  header: JoseHeader;
  payload: TPayload;
}

/** The header and payload of a compact JWS signed with Ed25519, or why it is not one. */
export function readToken(jwt: unknown): Outcome<Token> {
  if (typeof jwt !== 'string' || jwt.length === 0) return failed('not a credential: empty');
  if (jwt.length > MAX_JWT_LENGTH) return failed(`not a credential: longer than ${MAX_JWT_LENGTH} characters`);
  const parts = jwt.split('.');
  if (parts.length !== 3) return failed('not a compact JWT: expected three base64url parts separated by dots');
  // Canonical only: a lenient decoder would accept a changed last character whose changed bits it discards.
  const names = ['header', 'payload', 'signature'] as const;
  const respelled = parts.findIndex((part) => !isCanonicalBase64url(part));
  if (respelled >= 0) return failed(`the JWT ${names[respelled]} is not valid base64url`);
  let rawHeader: unknown;
  let payload: Record<string, unknown>;
  try {
    rawHeader = decodeProtectedHeader(jwt);
  } catch {
    return failed('the JWT header is not a JSON object');
  }
  try {
    payload = decodeJwt(jwt);
  } catch {
    return failed('the JWT payload is not a JSON object');
  }
  const header = parse(JoseHeader, rawHeader);
  if (header.kind !== 'passed') return header;
  if (Buffer.from(parts[2]!, 'base64url').length !== ED25519_SIGNATURE_BYTES) return failed('the signature is not 64 bytes long, as Ed25519 signatures are');
  return passed('', { jwt, header: header.value, payload });
}

/** The token with its payload checked against `schema`: what that kind of credential needs to be read at all. */
export function withPayload<TSchema extends GenericSchema>(token: Token, schema: TSchema): Outcome<Token<InferOutput<TSchema>>> {
  const payload = parse(schema, token.payload);
  return payload.kind === 'passed' ? passed('', { ...token, payload: payload.value }) : payload;
}

/** The format check of a certificate: a VC-JWT (EdDSA) whose payload is an Open Badges 3.0 credential. */
export function readCredential(jwt: unknown): Outcome<Token<OpenBadgeCredential>> {
  const token = readToken(jwt);
  if (token.kind !== 'passed') return token;
  const credential = withPayload(token.value, OpenBadgeCredential);
  return credential.kind === 'passed' ? passed('an Open Badges 3.0 credential as a VC-JWT (EdDSA)', credential.value) : credential;
}

function isCanonicalBase64url(part: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part;
}
