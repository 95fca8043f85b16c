// Verifies a certificate credential (a VC-JWT) against the issuer's public keys: what the public verification
// endpoint and the offline CLI both run. A pipeline of named checks, each a small step (verify-*.ts); anything
// a stranger sends ends in a result, never an exception.
import type { JWK } from 'jose';
import { checkIssuer, checkValidity } from './verify-claims.js';
import { failed, type Outcome, reason } from './verify-outcome.js';
import { checkRevocation } from './verify-revocation.js';
import { IssuerKeySet, verifySignature } from './verify-signature.js';
import { readCredential } from './verify-token.js';

export type CheckName = 'format' | 'signature' | 'issuer' | 'validity' | 'revocation';

export interface VerificationCheck {
  check: CheckName;
  passed: boolean;
  detail?: string;
  /**
   * The check was not performed: after an earlier check failed, or (revocation only) when no status list
   * could be asked for. `passed` is then false, so a reader of `checks` alone never takes it for a success.
   */
  skipped?: boolean;
}

export interface VerificationResult {
  /**
   * Format, signature, issuer and validity all passed, and revocation passed or was skipped for want of a
   * status list (its check then says 'not checked'). A caller that must know the credential is not revoked
   * passes fetchStatusList, and a revocation check that cannot be done then fails.
   */
  verified: boolean;
  checks: VerificationCheck[];
  /** The credential (the JWT payload), once its signature is known to be the issuer's; never before. */
  credential?: Record<string, unknown>;
}

export interface VerifyOptions {
  /** The issuer's public keys (as at /.well-known/jwks.json). Private members, if any, are ignored. */
  keys: JWK[];
  /** The issuer's DID; the credential and its status list must both be issued by it. */
  expectedIssuer: string;
  /** Returns the status list VC-JWT published at a URL. Without it the revocation check is skipped. */
  fetchStatusList?: (url: string) => Promise<string>;
  now?: Date;
}

const CHECKS: readonly CheckName[] = ['format', 'signature', 'issuer', 'validity', 'revocation'];

export async function verifyCredential(jwt: string, options: VerifyOptions): Promise<VerificationResult> {
  const run = new CheckRun();
  const now = options.now ?? new Date();
  const keys = new IssuerKeySet(options.keys);

  const token = await run.check('format', () => readCredential(jwt));
  const signed = token && (await run.check('signature', () => verifySignature(token, keys, now)));
  const issuer = signed && (await run.check('issuer', () => checkIssuer(signed, options.expectedIssuer)));
  if (signed && issuer) {
    // An authentic credential: whether it is in date and whether it is revoked are both worth telling.
    await run.check('validity', () => checkValidity(signed, now));
    await run.check('revocation', () => checkRevocation(signed.payload.credentialStatus, { fetchStatusList: options.fetchStatusList, expectedIssuer: options.expectedIssuer, keys, now }));
  }
  return run.result(signed?.payload);
}

/** The checks as they ran: the first failure stops the ones that need it, and the rest are reported as not done. */
class CheckRun {
  private readonly checks: VerificationCheck[] = [];

  /** Runs a step and records its outcome; what it established when it passed. */
  async check<T>(name: CheckName, step: () => Outcome<T> | Promise<Outcome<T>>): Promise<T | undefined> {
    let outcome: Outcome<T>;
    try {
      outcome = await step();
    } catch (error) {
      // A bug or a hostile input no step foresaw: the check under way fails, and nothing escapes.
      outcome = failed(`could not be checked: ${reason(error)}`);
    }
    this.checks.push({
      check: name,
      passed: outcome.kind === 'passed',
      ...(outcome.kind === 'skipped' ? { skipped: true } : {}),
      detail: outcome.detail,
    });
    return outcome.kind === 'passed' ? outcome.value : undefined;
  }

  result(credential: Record<string, unknown> | undefined): VerificationResult {
    const failure = this.checks.find((check) => !check.passed && !check.skipped);
    const checks = CHECKS.map(
      (name) =>
        this.checks.find((check) => check.check === name) ?? {
          check: name,
          passed: false,
          skipped: true,
          detail: `not checked: the ${failure?.check ?? 'previous'} check failed`,
        },
    );
    // Nothing failed: every check ran and passed, but for a revocation check skipped for want of a status list.
    return { verified: failure === undefined, checks, ...(credential ? { credential } : {}) };
  }
}
