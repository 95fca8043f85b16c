// The signature check: jose's jwtVerify against the issuer's keys as a local JWK set. jose also judges the JWT
// time claims (nbf, exp) once the signature holds; that verdict is kept for the validity check.
import { createLocalJWKSet, errors, type JWK, type JWTVerifyGetKey, jwtVerify } from 'jose';
import * as v from 'valibot';
import { ED25519_ALGORITHMS } from './vc-jwt.js';
import { failed, type Outcome, passed, reason } from './verify-outcome.js';
import { Ed25519PublicKey } from './verify-schemas.js';
import type { Token } from './verify-token.js';

/** Allowed difference between the issuer's clock and the verifier's. */
export const CLOCK_TOLERANCE_SECONDS = 300;

const NOT_THE_ISSUERS = "the signature is not valid for any of the issuer's keys (forged, altered, or signed with another key)";

/** A token whose signature is the issuer's, with jose's objection to its nbf or exp claim, if it has one. */
export interface SignedToken<TPayload> extends Token<TPayload> {
  timeClaimProblem?: { claim: string; message: string };
}

/** The issuer's Ed25519 public keys; anything else in the set given is ignored. */
export class IssuerKeySet {
  private readonly keys: Ed25519PublicKey[];

  constructor(keys: unknown) {
    this.keys = (Array.isArray(keys) ? keys : []).flatMap((key) => {
      const parsed = v.safeParse(Ed25519PublicKey, key);
      return parsed.success ? [parsed.output] : [];
    });
  }

  get isEmpty(): boolean {
    return this.keys.length === 0;
  }

  /**
   * A key resolver over the keys the header's kid names: by the whole kid (the issuer publishes its DID URL,
   * `did:web:…#key-1`, as the kid in the header, the JWKS and the DID document alike), or by its fragment, for
   * key sets saved before that; else every key: all are the issuer's, the kid only saves attempts.
   */
  resolverFor(kid: string | undefined): JWTVerifyGetKey {
    const fragment = kid?.includes('#') ? kid.slice(kid.indexOf('#') + 1) : undefined;
    const named = kid === undefined ? [] : this.keys.filter((key) => key.kid !== undefined && (key.kid === kid || key.kid === fragment));
    const keySet = createLocalJWKSet({ keys: (named.length > 0 ? named : this.keys) as JWK[] });
    // The kid has chosen the candidates already; jose matches the rest (algorithm, curve, use, key_ops).
    return ({ kid: _kid, ...header }, token) => keySet(header, token);
  }
}

export async function verifySignature<TPayload>(token: Token<TPayload>, keys: IssuerKeySet, now: Date): Promise<Outcome<SignedToken<TPayload>>> {
  if (keys.isEmpty) return failed('the key set has no Ed25519 public key');
  const options = { algorithms: ED25519_ALGORITHMS, currentDate: now, clockTolerance: CLOCK_TOLERANCE_SECONDS };
  try {
    await jwtVerify(token.jwt, keys.resolverFor(token.header.kid), options).catch(async (error: unknown) => {
      // Several keys fit the header (same kid, or none): the signature is the issuer's if any of them verifies it.
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      for await (const key of error) {
        try {
          return await jwtVerify(token.jwt, key, options);
        } catch (attempt) {
          if (!(attempt instanceof errors.JWSSignatureVerificationFailed)) throw attempt;
        }
      }
      throw new errors.JWSSignatureVerificationFailed();
    });
  } catch (error) {
    // jose checks the claims only once the signature holds: an objection to a time claim is the validity check's.
    if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired) {
      return signed(token, { claim: error.claim, message: error.message });
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) return failed(NOT_THE_ISSUERS);
    if (error instanceof errors.JWKSNoMatchingKey) return failed("none of the issuer's keys can verify this JWT");
    return failed(`the signature could not be checked: ${reason(error)}`);
  }
  return signed(token);
}

function signed<TPayload>(token: Token<TPayload>, timeClaimProblem?: SignedToken<TPayload>['timeClaimProblem']): Outcome<SignedToken<TPayload>> {
  return passed(`signed by the issuer's key ${token.header.kid ?? '(no kid)'}`, { ...token, ...(timeClaimProblem ? { timeClaimProblem } : {}) });
}
