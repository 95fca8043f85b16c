// The issuer's Ed25519 signing key: the configured one (CREDENTIAL_SIGNING_KEY), or else a development key
// generated once per machine and kept in the data directory, so every process and every restart signs with
// the same key and credentials already issued keep verifying.
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { calculateJwkThumbprint, type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ConfigError } from '@amahoro/config/config.js';
import { StartupError } from '@amahoro/config/process.js';

export interface IssuerKeys {
  privateKey: CryptoKey;
  /** Public parts only, with `kid` (its RFC 7638 thumbprint unless the configured JWK names one), `alg`, `use`. */
  publicJwk: JWK;
  /** Whether the key came from the configuration or is the generated development key. */
  source: 'configured' | 'generated';
}

export const DEVELOPMENT_KEY_FILE = 'credential-signing-key.json';

export async function loadIssuerKeys(options: { signingKeyJwk: string | null; dataDir: string }): Promise<IssuerKeys> {
  if (options.signingKeyJwk !== null) {
    try {
      return await fromPrivateJwk(JSON.parse(options.signingKeyJwk) as unknown, 'configured');
    } catch (error) {
      throw new ConfigError(`Invalid configuration: CREDENTIAL_SIGNING_KEY ${reason(error)}.`);
    }
  }
  const file = join(options.dataDir, DEVELOPMENT_KEY_FILE);
  const stored =
    (await readKeyFile(file)) ??
    (await createKeyFile(file).catch((error: unknown) => {
      throw error instanceof StartupError ? error : new StartupError(`cannot create the development signing key ${file}: ${reason(error)}`);
    }));
  try {
    return await fromPrivateJwk(stored.jwk, 'generated');
  } catch (error) {
    // Never replaced silently: a new key would stop every credential signed with this one from verifying.
    throw new StartupError(`${file} ${reason(error)}; restore it, or remove it to generate a new signing key.`);
  }
}

async function fromPrivateJwk(value: unknown, source: IssuerKeys['source']): Promise<IssuerKeys> {
  const jwk = (value ?? {}) as Record<string, unknown>;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') {
    throw new Error('must be an Ed25519 private JWK (kty OKP, crv Ed25519, with d)');
  }
  const seed = Buffer.from(jwk.d, 'base64url');
  if (seed.length !== 32 || seed.toString('base64url') !== jwk.d) throw new Error('has a "d" that is not 32 base64url-encoded bytes');
  // The public key is derived from the private one, so a wrong or missing "x" cannot slip into the JWKS.
  const x = createPublicKey(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }))
    .export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('has no public key');
  if (jwk.x !== undefined && jwk.x !== x) throw new Error('has an "x" that is not the public key of its "d"');
  const publicParts = { kty: 'OKP' as const, crv: 'Ed25519', x };
  const kid = typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : await calculateJwkThumbprint(publicParts);
  return {
    privateKey: await importJWK({ ...publicParts, d: jwk.d }, 'EdDSA'),
    publicJwk: { ...publicParts, kid, alg: 'EdDSA', use: 'sig' },
    source,
  };
}

/** ASN.1 header of a PKCS #8 Ed25519 private key, followed by its 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The parsed file, or null when there is none yet. */
async function readKeyFile(file: string): Promise<{ jwk: unknown } | null> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StartupError(`cannot read ${file}: ${reason(error)}`);
    }
    try {
      return { jwk: JSON.parse(text) as unknown };
    } catch {
      // Only a file system without hard links shows a file half written (see createKeyFile): wait for the rest.
      if (attempt >= 20) throw new StartupError(`${file} is not JSON; restore it, or remove it to generate a new signing key.`);
      await sleep(25);
    }
  }
}

/**
 * Writes a new key unless another process got there first, and returns whichever key the file then holds.
 * The key is written whole to a private temporary file, then linked to its name: link never replaces an
 * existing file, so of two processes starting at once the first link wins and both read its key.
 */
async function createKeyFile(file: string): Promise<{ jwk: unknown }> {
  const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const text = `${JSON.stringify({ ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'EdDSA', use: 'sig' }, null, 2)}\n`;
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') {
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'].includes(code ?? '')) throw error;
      // No hard links here: exclusive creation still never replaces another process's key.
      await writeFile(file, text, { mode: 0o600, flag: 'wx' }).catch((writeError: NodeJS.ErrnoException) => {
        if (writeError.code !== 'EEXIST') throw writeError;
      });
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  const stored = await readKeyFile(file);
  if (stored === null) throw new StartupError(`${file} disappeared while it was being created`);
  return stored;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
