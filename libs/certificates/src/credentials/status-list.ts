// Revocation as a W3C Bitstring Status List (https://www.w3.org/TR/vc-bitstring-status-list/): one bit per
// issued credential, set when it is revoked, published as a signed credential anyone can fetch. A verifier
// learns the state of one certificate without telling the academy which one it is checking.
import { gunzipSync, gzipSync } from 'node:zlib';
import { issuerDid, statusListUrl } from './issuer.js';
import type { IssuerKeys } from './keys.js';
import { signVcJwt, VC_CONTEXT_V2, xsdDateTime } from './vc-jwt.js';

/** 16 KiB of bits: the minimum the specification asks for, so that one list hides each holder among many. */
export const STATUS_LIST_SIZE = 131072;

/** Far more than any list this academy publishes; a bound on what a hostile list may inflate to. */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

/** GZIP, then base64url without padding, with the multibase prefix 'u'. Bit 0 is the first byte's most significant. */
export function encodeStatusList(revokedIndexes: Iterable<number>, size: number = STATUS_LIST_SIZE): string {
  if (!Number.isInteger(size) || size <= 0 || size % 8 !== 0) throw new RangeError(`status list size must be a positive multiple of 8 (got ${size})`);
  const bits = Buffer.alloc(size / 8);
  for (const index of revokedIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`status list index ${index} is outside 0…${size - 1}`);
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The bitstring of an encoded list; throws on anything that is not one. */
export function decodeStatusList(encodedList: string): Buffer {
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u')) throw new Error('the encoded list is not multibase base64url (prefix "u")');
  const compressed = Buffer.from(encodedList.slice(1), 'base64url');
  if (compressed.toString('base64url') !== encodedList.slice(1)) throw new Error('the encoded list is not valid base64url');
  try {
    return gunzipSync(compressed, { maxOutputLength: MAX_DECODED_BYTES });
  } catch {
    throw new Error('the encoded list is not GZIP data of a reasonable size');
  }
}

/** Whether the bit at index is set; throws when the list is malformed or shorter than the index. */
export function isIndexSet(encodedList: string, index: number): boolean {
  return bitAt(decodeStatusList(encodedList), index);
}

export function bitAt(bits: Uint8Array, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new RangeError(`status list index ${index} is outside the list (0…${bits.length * 8 - 1})`);
  }
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/**
 * The BitstringStatusListCredential served at the status list URL, as a VC-JWT. Without validUntil it never
 * expires: verifiers fetch it from the academy each time, so a stale copy is not what they see.
 */
export async function signStatusListCredential(
  encodedList: string,
  keys: IssuerKeys,
  publicBaseUrl: string,
  academyName: string,
  options: { validFrom?: Date; validUntil?: Date } = {},
): Promise<string> {
  decodeStatusList(encodedList);
  const id = statusListUrl(publicBaseUrl);
  const credential = {
    '@context': [VC_CONTEXT_V2],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: issuerDid(publicBaseUrl), name: academyName },
    validFrom: xsdDateTime(options.validFrom ?? new Date()),
    ...(options.validUntil ? { validUntil: xsdDateTime(options.validUntil) } : {}),
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
  };
  return signVcJwt(credential, credential.credentialSubject.id, keys, publicBaseUrl);
}
