// The issuer and validity checks, on a token whose signature is known to be the issuer's.
import { xsdDateTime } from './vc-jwt.js';
import { failed, type Outcome, passed } from './verify-outcome.js';
import { parse, ValidityDates } from './verify-schemas.js';
import { CLOCK_TOLERANCE_SECONDS, type SignedToken } from './verify-signature.js';

type Issued = { issuer: string | { id: string; name?: string | undefined }; iss?: unknown };

/** Issued by the expected issuer: the credential's issuer, the JWT's iss and the DID of the signing key agree. */
export function checkIssuer(token: SignedToken<Issued>, expectedIssuer: string): Outcome<string> {
  const { issuer, iss } = token.payload;
  const id = typeof issuer === 'string' ? issuer : issuer.id;
  if (id !== expectedIssuer) return failed(`issued by ${id}, not by ${expectedIssuer}`);
  if (iss !== undefined && iss !== id) return failed(`the JWT issuer (iss) ${String(iss)} is not the credential issuer ${id}`);
  const keyDid = token.header.kid?.startsWith('did:') ? token.header.kid.split('#')[0] : undefined;
  if (keyDid !== undefined && keyDid !== id) return failed(`signed with a key of ${keyDid}, not of the issuer ${id}`);
  const name = typeof issuer === 'string' || issuer.name === undefined ? '' : `${issuer.name} `;
  return passed(`issued by ${name}(${id})`, id);
}

/**
 * Valid now, give or take the clock tolerance: jose has judged the JWT's nbf and exp; the credential's own
 * validFrom and validUntil are judged here.
 */
export function checkValidity(token: SignedToken<object>, now: Date): Outcome {
  const dates = parse(ValidityDates, token.payload);
  if (dates.kind !== 'passed') return dates;
  const { validFrom, validUntil, nbf, exp } = dates.value;
  const problem = token.timeClaimProblem;
  if (problem?.claim === 'nbf' && nbf !== undefined) return failed(`not valid before ${iso(nbf)}`);
  if (problem?.claim === 'exp' && exp !== undefined) return failed(`expired on ${iso(exp)}`);
  if (problem) return failed(problem.message);
  const nowSeconds = now.getTime() / 1000;
  if (validFrom !== undefined && validFrom > nowSeconds + CLOCK_TOLERANCE_SECONDS) return failed(`not valid before ${iso(validFrom)}`);
  if (validUntil !== undefined && validUntil <= nowSeconds - CLOCK_TOLERANCE_SECONDS) return failed(`expired on ${iso(validUntil)}`);
  const start = validFrom ?? nbf;
  const end = validUntil ?? exp;
  const from = start === undefined ? 'valid' : `valid since ${iso(start)}`;
  return passed(end === undefined ? `${from}, with no expiry` : `${from}, until ${iso(end)}`);
}

function iso(seconds: number): string {
  return xsdDateTime(new Date(seconds * 1000));
}
