// The revocation check: each revocation or suspension entry of the credential is looked up in its Bitstring
// Status List, which is checked as carefully as the credential itself (format, signature, issuer, validity).
import * as v from 'valibot';
import { bitAt, decodeStatusList } from './status-list.js';
import { checkIssuer, checkValidity } from './verify-claims.js';
import { failed, type Outcome, passed, reason, skipped } from './verify-outcome.js';
import { type CheckedStatusEntry as Entry, CheckedStatusEntry, parse, StatusEntry, StatusListCredential } from './verify-schemas.js';
import { type IssuerKeySet, verifySignature } from './verify-signature.js';
import { readToken, type Token, withPayload } from './verify-token.js';

export interface StatusListSource {
  /** Returns the status list VC-JWT published at a URL; without it the check is not done. */
  fetchStatusList?: (url: string) => Promise<string>;
  expectedIssuer: string;
  keys: IssuerKeySet;
  now: Date;
}

export async function checkRevocation(credentialStatus: unknown, source: StatusListSource): Promise<Outcome> {
  if (credentialStatus === undefined) return passed('the credential has no status entry: it cannot be revoked');
  const entries = statusEntries(credentialStatus);
  if (entries.kind !== 'passed') return entries;
  if (entries.value.length === 0) return passed('the credential has no revocation or suspension status entry');
  const { fetchStatusList } = source;
  if (!fetchStatusList) return skipped('not checked: no status list to check against');

  // Each list is fetched and checked once, however many entries point to it.
  const lists = new Map<string, Promise<Outcome<Uint8Array>>>();
  const clear: string[] = [];
  for (const entry of entries.value) {
    const key = `${entry.statusPurpose} ${entry.statusListCredential}`;
    if (!lists.has(key)) lists.set(key, statusListBits(entry, fetchStatusList, source));
    const bits = await lists.get(key)!;
    if (bits.kind !== 'passed') return bits;
    const { statusListIndex: index, statusListCredential: url } = entry;
    if (index >= bits.value.length * 8) return failed(`status index ${index} is beyond the end of the status list ${url}`);
    if (bitAt(bits.value, index)) return failed(`${entry.statusPurpose === 'suspension' ? 'suspended' : 'revoked'}: bit ${index} of the status list ${url} is set`);
    clear.push(`bit ${index} of ${url}`);
  }
  return passed(`not revoked (${clear.join('; ')} is clear)`);
}

/** The entries to check; those whose purpose does not affect validity are left out. */
function statusEntries(credentialStatus: unknown): Outcome<Entry[]> {
  const entries: Entry[] = [];
  for (const raw of Array.isArray(credentialStatus) ? (credentialStatus as unknown[]) : [credentialStatus]) {
    const entry = parse(StatusEntry, raw);
    if (entry.kind !== 'passed') return entry;
    if (!v.is(CheckedStatusEntry.entries.statusPurpose, entry.value.statusPurpose)) continue;
    const checked = parse(CheckedStatusEntry, raw);
    if (checked.kind !== 'passed') return checked;
    entries.push(checked.value);
  }
  return passed('', entries);
}

/** The bits of the entry's status list, once the list is known to be the issuer's, valid, and for this purpose. */
async function statusListBits(entry: Entry, fetchStatusList: (url: string) => Promise<string>, source: StatusListSource): Promise<Outcome<Uint8Array>> {
  const url = entry.statusListCredential;
  let jwt: unknown;
  try {
    jwt = await fetchStatusList(url);
  } catch (error) {
    return failed(`could not get the status list ${url}: ${reason(error)}`);
  }
  const token = readToken(typeof jwt === 'string' ? jwt.trim() : jwt);
  if (token.kind !== 'passed') return failed(`the status list ${url} is malformed: ${token.detail}`);
  const list = await trustedStatusList(token.value, entry, source);
  if (list.kind !== 'passed') return failed(`the status list ${url} is not acceptable: ${list.detail}`);
  try {
    return passed('', decodeStatusList(list.value.credentialSubject.encodedList));
  } catch (error) {
    return failed(`the status list ${url} is malformed: ${reason(error)}`);
  }
}

/** The status list, once known to be the one the entry names, for its purpose, the issuer's, and valid. */
async function trustedStatusList(token: Token, entry: Entry, source: StatusListSource): Promise<Outcome<StatusListCredential>> {
  const list = withPayload(token, StatusListCredential);
  if (list.kind !== 'passed') return list;
  const { id, credentialSubject } = list.value.payload;
  if (id !== entry.statusListCredential) return failed(`it is the status list ${id}, not ${entry.statusListCredential}`);
  const purposes: unknown[] = Array.isArray(credentialSubject.statusPurpose) ? credentialSubject.statusPurpose : [credentialSubject.statusPurpose];
  if (!purposes.includes(entry.statusPurpose)) return failed(`it is not a ${entry.statusPurpose} list`);
  const signed = await verifySignature(list.value, source.keys, source.now);
  if (signed.kind !== 'passed') return signed;
  for (const check of [checkIssuer(signed.value, source.expectedIssuer), checkValidity(signed.value, source.now)]) {
    if (check.kind !== 'passed') return check;
  }
  return passed('', list.value.payload);
}
