// Verifies a certificate credential (a VC-JWT) against the issuer's public keys: what the public verification
// endpoint and the offline CLI both run. Anything a stranger sends must end in a result, never an exception.
import { compactVerify, type CryptoKey, importJWK, type JWK } from 'jose';
import { bitAt, decodeStatusList } from './status-list.js';
import { ED25519_ALGORITHMS, OB_CONTEXT_V3, VC_CONTEXT_V2, VC_JWT_TYPE, xsdDateTime } from './vc-jwt.js';

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
/** A certificate is a few kilobytes; anything far larger is not one and is not worth parsing. */
const MAX_JWT_LENGTH = 256 * 1024;
/** Allowed difference between the issuer's clock and the verifier's. */
const CLOCK_TOLERANCE_SECONDS = 300;

type Json = Record<string, unknown>;
type Outcome = { passed: true; detail: string } | { passed: false; detail: string };

export async function verifyCredential(jwt: string, options: VerifyOptions): Promise<VerificationResult> {
  const checks: VerificationCheck[] = [];
  const result: { credential?: Json } = {};
  try {
    await runChecks(jwt, options, checks, result);
  } catch (error) {
    // A bug or a hostile input no check foresaw: the check under way fails, and nothing escapes.
    const under = CHECKS.find((name) => !checks.some((check) => check.check === name)) ?? 'revocation';
    checks.push({ check: under, passed: false, detail: `could not be checked: ${reason(error)}` });
  }
  const failed = checks.find((check) => !check.passed && !check.skipped);
  for (const name of CHECKS) {
    if (!checks.some((check) => check.check === name)) {
      checks.push({ check: name, passed: false, skipped: true, detail: `not checked: the ${failed?.check ?? 'previous'} check failed` });
    }
  }
  checks.sort((a, b) => CHECKS.indexOf(a.check) - CHECKS.indexOf(b.check));
  const verified = checks.every((check) => check.passed || (check.check === 'revocation' && check.skipped === true && !failed));
  return { verified, checks, ...(result.credential ? { credential: result.credential } : {}) };
}

async function runChecks(jwt: unknown, options: VerifyOptions, checks: VerificationCheck[], result: { credential?: Json }): Promise<void> {
  const record = (check: CheckName, outcome: Outcome) => {
    checks.push({ check, ...outcome });
    return outcome.passed;
  };
  const now = options.now ?? new Date();
  const keys = new KeyRing(options.keys);

  const decoded = decodeVcJwt(jwt);
  if (typeof decoded === 'string') return void record('format', { passed: false, detail: decoded });
  const shape = credentialShape(decoded.payload);
  if (!record('format', shape ?? { passed: true, detail: 'an Open Badges 3.0 credential as a VC-JWT (EdDSA)' })) return;

  if (!record('signature', await keys.verify(jwt as string, decoded.header))) return;
  result.credential = decoded.payload;

  if (!record('issuer', issuerOutcome(decoded.header, decoded.payload, options.expectedIssuer))) return;
  record('validity', validityOutcome(decoded.payload, now));

  const revocation = await revocationOutcome(decoded.payload, options, keys, now);
  if (revocation === 'not checked') {
    checks.push({ check: 'revocation', passed: false, skipped: true, detail: 'not checked: no status list to check against' });
  } else {
    record('revocation', revocation);
  }
}

// ---- format ---------------------------------------------------------------------------------------------

/** The header and payload of a compact JWS that could be one of ours, or why it cannot. Nothing is trusted yet. */
function decodeVcJwt(jwt: unknown): { header: Json; payload: Json } | string {
  if (typeof jwt !== 'string' || jwt.length === 0) return 'not a credential: empty';
  if (jwt.length > MAX_JWT_LENGTH) return `not a credential: longer than ${MAX_JWT_LENGTH} characters`;
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'not a compact JWT: expected three base64url parts separated by dots';
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  // Canonical only: a lenient decoder would accept a changed last character whose changed bits it discards.
  for (const [name, part] of [['header', headerPart], ['payload', payloadPart], ['signature', signaturePart]] as const) {
    if (!isCanonicalBase64url(part)) return `the JWT ${name} is not valid base64url`;
  }
  const header = parseJsonObject(headerPart);
  if (!header) return 'the JWT header is not a JSON object';
  const payload = parseJsonObject(payloadPart);
  if (!payload) return 'the JWT payload is not a JSON object';
  if (typeof header.alg !== 'string' || !ED25519_ALGORITHMS.includes(header.alg)) {
    return `unsupported signature algorithm ${JSON.stringify(header.alg ?? null)} (expected EdDSA)`;
  }
  if (header.typ !== VC_JWT_TYPE) return `the JWT type is ${JSON.stringify(header.typ ?? null)}, not "${VC_JWT_TYPE}"`;
  if (header.crit !== undefined || header.b64 !== undefined) return 'the JWT header uses extensions this verifier does not support (crit, b64)';
  if (header.kid !== undefined && typeof header.kid !== 'string') return 'the JWT key id (kid) is not a string';
  if (Buffer.from(signaturePart, 'base64url').length !== 64) return 'the signature is not 64 bytes long, as Ed25519 signatures are';
  return { header, payload };
}

function isCanonicalBase64url(part: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part;
}

function parseJsonObject(part: string): Json | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(part, 'base64url')));
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** What a verifiable credential needs to be read at all; null when it has it. */
function vcShape(payload: Json, requiredType: string): Outcome | null {
  const context = payload['@context'];
  if (!Array.isArray(context) || context[0] !== VC_CONTEXT_V2) return fail(`the first @context is not ${VC_CONTEXT_V2}`);
  const types = payload.type;
  if (!Array.isArray(types) || !types.includes('VerifiableCredential') || !types.includes(requiredType)) {
    return fail(`not a ${requiredType}: type is ${JSON.stringify(types ?? null)}`);
  }
  if (typeof payload.id !== 'string' || !payload.id) return fail('the credential has no id');
  if (typeof issuerId(payload) !== 'string') return fail('the credential has no issuer');
  if (!isObject(payload.credentialSubject)) return fail('the credential has no credentialSubject object');
  if (payload.jti !== undefined && payload.jti !== payload.id) return fail('the JWT id (jti) is not the credential id');
  if (payload.sub !== undefined && payload.sub !== payload.credentialSubject.id) return fail('the JWT subject (sub) is not the credential subject id');
  return null;
}

function credentialShape(payload: Json): Outcome | null {
  const types = Array.isArray(payload.type) ? payload.type : [];
  const requiredType = types.includes('AchievementCredential') ? 'AchievementCredential' : 'OpenBadgeCredential';
  const shape = vcShape(payload, requiredType);
  if (shape) return shape;
  if (!(payload['@context'] as unknown[]).includes(OB_CONTEXT_V3)) return fail(`the @context does not include ${OB_CONTEXT_V3}`);
  if (typeof payload.validFrom !== 'string') return fail('the credential has no validFrom');
  const subject = payload.credentialSubject as Json;
  if (!isObject(subject.achievement)) return fail('the credential subject has no achievement');
  return null;
}

// ---- signature ------------------------------------------------------------------------------------------

/** The issuer's Ed25519 keys, each imported once however many tokens (credential, status lists) it checks. */
class KeyRing {
  private readonly imported = new Map<JWK, Promise<CryptoKey | null>>();
  private readonly keys: JWK[];

  constructor(keys: JWK[]) {
    this.keys = (Array.isArray(keys) ? keys : []).filter(isEd25519VerificationKey);
  }

  async verify(jwt: string, header: Json): Promise<Outcome> {
    if (this.keys.length === 0) return fail('the key set has no Ed25519 public key');
    for (const jwk of this.candidates(header.kid as string | undefined)) {
      const key = await this.import(jwk);
      if (!key) continue;
      try {
        await compactVerify(jwt, key, { algorithms: ED25519_ALGORITHMS });
        return { passed: true, detail: `signed by the issuer's key ${jwk.kid ?? '(no kid)'}` };
      } catch {
        // Not this key: try the next.
      }
    }
    return fail("the signature is not valid for any of the issuer's keys (forged, altered, or signed with another key)");
  }

  /**
   * The keys the header's kid names: by the whole kid (the issuer publishes its DID URL, `did:web:…#key-1`, as
   * the kid in the header, the JWKS and the DID document alike), or by its fragment, for key sets saved before
   * that; else every key: all are the issuer's, the kid only saves attempts.
   */
  private candidates(kid: string | undefined): JWK[] {
    if (kid === undefined) return this.keys;
    const fragment = kid.includes('#') ? kid.slice(kid.indexOf('#') + 1) : undefined;
    const named = this.keys.filter((jwk) => jwk.kid !== undefined && (jwk.kid === kid || jwk.kid === fragment));
    return named.length > 0 ? named : this.keys;
  }

  private import(jwk: JWK): Promise<CryptoKey | null> {
    let key = this.imported.get(jwk);
    if (!key) {
      key = importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x! }, 'EdDSA').catch(() => null);
      this.imported.set(jwk, key);
    }
    return key;
  }
}

function isEd25519VerificationKey(jwk: unknown): jwk is JWK {
  if (!isObject(jwk)) return false;
  const { kty, crv, x, use, alg, key_ops: ops } = jwk;
  return (
    kty === 'OKP' &&
    crv === 'Ed25519' &&
    typeof x === 'string' &&
    (use === undefined || use === 'sig') &&
    (alg === undefined || (typeof alg === 'string' && ED25519_ALGORITHMS.includes(alg))) &&
    (ops === undefined || (Array.isArray(ops) && ops.includes('verify')))
  );
}

// ---- issuer ---------------------------------------------------------------------------------------------

function issuerOutcome(header: Json, payload: Json, expectedIssuer: string): Outcome {
  const issuer = issuerId(payload);
  if (issuer !== expectedIssuer) return fail(`issued by ${issuer}, not by ${expectedIssuer}`);
  if (payload.iss !== undefined && payload.iss !== issuer) return fail(`the JWT issuer (iss) ${String(payload.iss)} is not the credential issuer ${issuer}`);
  const kid = header.kid as string | undefined;
  if (kid?.startsWith('did:') && kid.split('#')[0] !== issuer) return fail(`signed with a key of ${kid.split('#')[0]}, not of the issuer ${issuer}`);
  const name = isObject(payload.issuer) && typeof payload.issuer.name === 'string' ? `${payload.issuer.name} ` : '';
  return { passed: true, detail: `issued by ${name}(${issuer})` };
}

function issuerId(payload: Json): string | undefined {
  const issuer = payload.issuer;
  if (typeof issuer === 'string') return issuer;
  return isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

// ---- validity -------------------------------------------------------------------------------------------

function validityOutcome(payload: Json, now: Date): Outcome {
  const nowSeconds = now.getTime() / 1000;
  const start = instant(payload, 'validFrom', 'nbf');
  const end = instant(payload, 'validUntil', 'exp');
  if (typeof start === 'string') return fail(start);
  if (typeof end === 'string') return fail(end);
  if (start !== undefined && start > nowSeconds + CLOCK_TOLERANCE_SECONDS) return fail(`not valid before ${iso(start)}`);
  if (end !== undefined && end <= nowSeconds - CLOCK_TOLERANCE_SECONDS) return fail(`expired on ${iso(end)}`);
  const from = start === undefined ? 'valid' : `valid since ${iso(start)}`;
  return { passed: true, detail: end === undefined ? `${from}, with no expiry` : `${from}, until ${iso(end)}` };
}

/**
 * The later (for a start) or earlier (for an end) of the credential's date and the JWT's claim, in seconds:
 * the stricter of the two. A string explains a malformed one.
 */
function instant(payload: Json, property: 'validFrom' | 'validUntil', claim: 'nbf' | 'exp'): number | string | undefined {
  const found: number[] = [];
  const date = payload[property];
  if (date !== undefined) {
    const ms = typeof date === 'string' && /^\d{4}-\d\d-\d\dT/.test(date) ? Date.parse(date) : Number.NaN;
    if (Number.isNaN(ms)) return `${property} is not a date and time`;
    found.push(ms / 1000);
  }
  const seconds = payload[claim];
  if (seconds !== undefined) {
    // Beyond ±8.64e12 seconds a JavaScript Date cannot hold it.
    if (typeof seconds !== 'number' || !(Math.abs(seconds) < 8.64e12)) return `the JWT ${claim} claim is not a date in seconds`;
    found.push(seconds);
  }
  if (found.length === 0) return undefined;
  return property === 'validFrom' ? Math.max(...found) : Math.min(...found);
}

function iso(seconds: number): string {
  return xsdDateTime(new Date(seconds * 1000));
}

// ---- revocation -----------------------------------------------------------------------------------------

interface StatusEntry {
  purpose: string;
  index: number;
  listUrl: string;
}

async function revocationOutcome(payload: Json, options: VerifyOptions, keys: KeyRing, now: Date): Promise<Outcome | 'not checked'> {
  const status = payload.credentialStatus;
  if (status === undefined) return { passed: true, detail: 'the credential has no status entry: it cannot be revoked' };
  const entries: StatusEntry[] = [];
  for (const entry of Array.isArray(status) ? (status as unknown[]) : [status]) {
    const parsed = statusEntry(entry);
    if (typeof parsed === 'string') return fail(parsed);
    if (parsed) entries.push(parsed);
  }
  if (entries.length === 0) return { passed: true, detail: 'the credential has no revocation or suspension status entry' };
  if (!options.fetchStatusList) return 'not checked';

  const lists = new Map<string, Promise<Buffer | string>>();
  const clear: string[] = [];
  for (const entry of entries) {
    const key = `${entry.purpose} ${entry.listUrl}`;
    let list = lists.get(key);
    if (!list) {
      list = statusList(entry.listUrl, entry.purpose, options, keys, now);
      lists.set(key, list);
    }
    const bits = await list;
    if (typeof bits === 'string') return fail(bits);
    if (entry.index >= bits.length * 8) return fail(`status index ${entry.index} is beyond the end of the status list ${entry.listUrl}`);
    if (bitAt(bits, entry.index)) {
      return fail(`${entry.purpose === 'suspension' ? 'suspended' : 'revoked'}: bit ${entry.index} of the status list ${entry.listUrl} is set`);
    }
    clear.push(`bit ${entry.index} of ${entry.listUrl}`);
  }
  return { passed: true, detail: `not revoked (${clear.join('; ')} is clear)` };
}

/** A status entry to check, null for one whose purpose does not affect validity, or why it is unusable. */
function statusEntry(entry: unknown): StatusEntry | null | string {
  if (!isObject(entry)) return 'the credential status is not an object';
  if (entry.type !== 'BitstringStatusListEntry') return `unsupported credential status type ${JSON.stringify(entry.type ?? null)}`;
  const purpose = entry.statusPurpose;
  if (purpose !== 'revocation' && purpose !== 'suspension') return null;
  const index = entry.statusListIndex;
  if (typeof index !== 'string' || !/^(0|[1-9]\d{0,9})$/.test(index)) return 'the status list index is not a whole number written as a string';
  if (entry.statusSize !== undefined && Number(entry.statusSize) !== 1) return 'status entries of more than one bit are not supported';
  const listUrl = entry.statusListCredential;
  if (typeof listUrl !== 'string' || !/^https?:\/\//.test(listUrl)) return 'the status list URL is missing or not http(s)';
  return { purpose, index: Number(index), listUrl };
}

/** The bits of the status list at url, after checking it as carefully as the credential itself; or why not. */
async function statusList(url: string, purpose: string, options: VerifyOptions, keys: KeyRing, now: Date): Promise<Buffer | string> {
  let jwt: unknown;
  try {
    jwt = await options.fetchStatusList!(url);
  } catch (error) {
    return `could not get the status list ${url}: ${reason(error)}`;
  }
  const decoded = decodeVcJwt(typeof jwt === 'string' ? jwt.trim() : jwt);
  if (typeof decoded === 'string') return `the status list ${url} is malformed: ${decoded}`;
  const { header, payload } = decoded;
  const problem =
    vcShape(payload, 'BitstringStatusListCredential') ??
    (payload.id === url ? null : fail(`it is the status list ${String(payload.id)}, not ${url}`)) ??
    subjectProblem(payload.credentialSubject as Json, purpose) ??
    negate(await keys.verify((jwt as string).trim(), header)) ??
    negate(issuerOutcome(header, payload, options.expectedIssuer)) ??
    negate(validityOutcome(payload, now));
  if (problem) return `the status list ${url} is not acceptable: ${problem.detail}`;
  try {
    return decodeStatusList((payload.credentialSubject as Json).encodedList as string);
  } catch (error) {
    return `the status list ${url} is malformed: ${reason(error)}`;
  }
}

function subjectProblem(subject: Json, purpose: string): Outcome | null {
  if (subject.type !== 'BitstringStatusList') return fail('its subject is not a BitstringStatusList');
  const purposes = Array.isArray(subject.statusPurpose) ? (subject.statusPurpose as unknown[]) : [subject.statusPurpose];
  if (!purposes.includes(purpose)) return fail(`it is not a ${purpose} list`);
  if (typeof subject.encodedList !== 'string') return fail('it has no encodedList');
  return null;
}

// ---- helpers --------------------------------------------------------------------------------------------

function fail(detail: string): Outcome {
  return { passed: false, detail };
}

function negate(outcome: Outcome): Outcome | null {
  return outcome.passed ? null : outcome;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
