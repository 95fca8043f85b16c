// What a credential, its status list and the issuer's keys must look like before anything is read from them,
// as valibot schemas. Each message is the detail a failed check shows, so a verifier learns what was wrong.
import * as v from 'valibot';
import { ED25519_ALGORITHMS, OB_CONTEXT_V3, VC_CONTEXT_V2, VC_JWT_TYPE } from './vc-jwt.js';
import { failed, type Outcome, passed } from './verify-outcome.js';

/** A loose object whose missing entries fail with the entry's own message, as one present and wrong would. */
function object<const TEntries extends v.ObjectEntries>(entries: TEntries, message?: string) {
  return v.looseObject(entries, (issue) => {
    const key = issue.path?.[0]?.origin === 'key' ? issue.path[0].key : undefined;
    const entry = typeof key === 'string' && Object.hasOwn(entries, key) ? v.safeParse(entries[key]!, undefined) : undefined;
    if (entry && !entry.success) return entry.issues[0].message;
    return message ?? issue.message;
  });
}

const EXTENSIONS = 'the JWT header uses extensions this verifier does not support (crit, b64)';
const shown = (value: unknown) => JSON.stringify(value ?? null);

/** The protected header of a VC-JWT this verifier can check: Ed25519, typed vc+jwt, no extensions. */
export const JoseHeader = object({
  alg: v.picklist(ED25519_ALGORITHMS, (issue) => `unsupported signature algorithm ${shown(issue.input)} (expected EdDSA)`),
  typ: v.literal(VC_JWT_TYPE, (issue) => `the JWT type is ${shown(issue.input)}, not "${VC_JWT_TYPE}"`),
  crit: v.optional(v.never(EXTENSIONS)),
  b64: v.optional(v.never(EXTENSIONS)),
  kid: v.optional(v.string('the JWT key id (kid) is not a string')),
});
export type JoseHeader = v.InferOutput<typeof JoseHeader>;

/** A public Ed25519 key for verifying signatures, reduced to its public members (private ones are dropped, not trusted). */
export const Ed25519PublicKey = v.object({
  kty: v.literal('OKP'),
  crv: v.literal('Ed25519'),
  x: v.string(),
  kid: v.optional(v.string()),
  alg: v.optional(v.picklist(ED25519_ALGORITHMS)),
  use: v.optional(v.literal('sig')),
  key_ops: v.optional(v.pipe(v.array(v.string()), v.includes('verify'))),
});
export type Ed25519PublicKey = v.InferOutput<typeof Ed25519PublicKey>;

const Issuer = v.union([v.string(), object({ id: v.string(), name: v.optional(v.string()) })], 'the credential has no issuer');

/** What a W3C verifiable credential of one of `types` needs to be read at all, with the JWT claims that mirror it. */
function verifiableCredential<const TSubject extends v.ObjectEntries>(types: readonly [string, ...string[]], subject: TSubject) {
  const article = /^[AEIOU]/.test(types[0]) ? 'an' : 'a';
  const typeMessage = (issue: v.BaseIssue<unknown>) => `not ${article} ${types.join(' or ')}: type is ${shown(issue.input)}`;
  return v.pipe(
    object({
      '@context': v.pipe(
        v.array(v.unknown(), `the first @context is not ${VC_CONTEXT_V2}`),
        v.check((context) => context[0] === VC_CONTEXT_V2, `the first @context is not ${VC_CONTEXT_V2}`),
      ),
      type: v.pipe(
        v.array(v.unknown(), typeMessage),
        v.check((type) => type.includes('VerifiableCredential') && types.some((t) => type.includes(t)), typeMessage),
      ),
      id: v.pipe(v.string('the credential has no id'), v.nonEmpty('the credential has no id')),
      issuer: Issuer,
      credentialSubject: object({ id: v.optional(v.unknown()), ...subject }, 'the credential has no credentialSubject object'),
      jti: v.optional(v.unknown()),
      sub: v.optional(v.unknown()),
    }),
    v.check((vc) => vc.jti === undefined || vc.jti === vc.id, 'the JWT id (jti) is not the credential id'),
    v.check((vc) => vc.sub === undefined || vc.sub === vc.credentialSubject.id, 'the JWT subject (sub) is not the credential subject id'),
  );
}

/** An Open Badges 3.0 credential: the certificates this academy issues. */
export const OpenBadgeCredential = v.pipe(
  verifiableCredential(['OpenBadgeCredential', 'AchievementCredential'], {
    achievement: object({}, 'the credential subject has no achievement'),
  }),
  v.check((vc) => vc['@context'].includes(OB_CONTEXT_V3), `the @context does not include ${OB_CONTEXT_V3}`),
  v.check((vc) => typeof vc.validFrom === 'string', 'the credential has no validFrom'),
);
export type OpenBadgeCredential = v.InferOutput<typeof OpenBadgeCredential>;

/** A Bitstring Status List credential: the list a credential's status entry points to. */
export const StatusListCredential = verifiableCredential(['BitstringStatusListCredential'], {
  type: v.literal('BitstringStatusList', 'its subject is not a BitstringStatusList'),
  statusPurpose: v.union([v.string(), v.array(v.string())], 'its subject has no statusPurpose'),
  encodedList: v.string('it has no encodedList'),
});
export type StatusListCredential = v.InferOutput<typeof StatusListCredential>;

/** One entry of a credential's credentialStatus; only revocation and suspension entries affect validity. */
export const StatusEntry = object(
  {
    type: v.literal('BitstringStatusListEntry', (issue) => `unsupported credential status type ${shown(issue.input)}`),
    statusPurpose: v.unknown(),
  },
  'the credential status is not an object',
);

const INDEX_MESSAGE = 'the status list index is not a whole number written as a string';

/** A revocation or suspension entry, as this verifier checks it: one bit at an index of a list at an http(s) URL. */
export const CheckedStatusEntry = object({
  statusPurpose: v.picklist(['revocation', 'suspension']),
  statusListIndex: v.pipe(v.string(INDEX_MESSAGE), v.regex(/^(0|[1-9]\d{0,9})$/, INDEX_MESSAGE), v.transform(Number)),
  statusSize: v.optional(v.custom((size) => Number(size) === 1, 'status entries of more than one bit are not supported')),
  statusListCredential: v.pipe(v.string('the status list URL is missing or not http(s)'), v.regex(/^https?:\/\//, 'the status list URL is missing or not http(s)')),
});
export type CheckedStatusEntry = v.InferOutput<typeof CheckedStatusEntry>;

// Beyond ±8.64e12 seconds a JavaScript Date cannot hold it.
const seconds = (claim: string) =>
  v.pipe(v.number(`the JWT ${claim} claim is not a date in seconds`), v.minValue(-8.64e12, `the JWT ${claim} claim is not a date in seconds`), v.maxValue(8.64e12, `the JWT ${claim} claim is not a date in seconds`));
const dateTime = (property: string) =>
  v.pipe(v.string(`${property} is not a date and time`), v.isoTimestamp(`${property} is not a date and time`), v.transform((text) => Date.parse(text) / 1000));

/** The dates a credential is valid between, each in seconds: its own properties and the JWT claims that mirror them. */
export const ValidityDates = object({
  validFrom: v.optional(dateTime('validFrom')),
  validUntil: v.optional(dateTime('validUntil')),
  nbf: v.optional(seconds('nbf')),
  exp: v.optional(seconds('exp')),
});

/** The input as the schema's output, or the first problem found. */
export function parse<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown): Outcome<v.InferOutput<TSchema>> {
  const result = v.safeParse(schema, input);
  return result.success ? passed('', result.output) : failed(result.issues[0].message);
}
