// Offline verification of a certificate credential, for anyone holding the academy's public key set:
//   npm run verify -- CREDENTIAL_FILE --key JWKS_FILE [--status-list STATUS_LIST_FILE] [--issuer DID]
// No database, no network. Exit 0 verified, 1 not verified, 2 usage error.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeJwt, type JWK } from 'jose';
import { verifyCredential, type VerificationCheck } from './verify.js';

const USAGE = `Usage: npm run verify -- CREDENTIAL_FILE --key JWKS_FILE [--status-list STATUS_LIST_FILE] [--issuer DID]

  CREDENTIAL_FILE    the credential as a compact JWT (GET /api/v1/certificates/:id/credential)
  --key JWKS_FILE    the issuer's public keys, as served at /.well-known/jwks.json (a DID document or a single JWK also do)
  --status-list FILE the issuer's status list as a VC-JWT (GET /api/v1/credentials/status/1); without it
                     revocation is not checked
  --issuer DID       the issuer to expect, e.g. did:web:academy.example.org; without it the credential's own
                     issuer is taken, which proves only that the holder of these keys signed it
`;

interface Arguments {
  credentialFile: string;
  keyFile: string;
  statusListFile?: string;
  issuer?: string;
}

class UsageError extends Error {}

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  let input: Awaited<ReturnType<typeof readInput>>;
  try {
    input = await readInput(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`verify: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!input) return 0;
  const { args, jwt, keys, statusList } = input;

  let expectedIssuer = args.issuer;
  if (expectedIssuer === undefined) {
    expectedIssuer = unverifiedIssuer(jwt);
    out(`No --issuer given: expecting the credential's own issuer, ${expectedIssuer || '(none)'}.`);
    out('That proves only that the holder of these keys signed it; pass --issuer to pin the academy.');
  }
  const result = await verifyCredential(jwt, {
    keys,
    expectedIssuer,
    ...(statusList === undefined ? {} : { fetchStatusList: () => Promise.resolve(statusList) }),
  });

  const credential = result.credential;
  if (credential) {
    const subject = (credential.credentialSubject ?? {}) as Record<string, unknown>;
    const achievement = (subject.achievement ?? {}) as Record<string, unknown>;
    out(`Credential  ${String(credential.id)}`);
    out(`Holder      ${String(subject.name ?? '(unnamed)')}`);
    out(`Achievement ${String(achievement.name ?? '(unnamed)')}${achievement.humanCode ? ` (${String(achievement.humanCode)})` : ''}`);
  }
  for (const check of result.checks) out(`  ${label(check)} ${check.check.padEnd(10)} ${check.detail ?? ''}`);
  out(result.verified ? 'VERIFIED' : 'NOT VERIFIED');
  return result.verified ? 0 : 1;
}

/** Everything the verification needs, read from the files named; null after printing the help. */
async function readInput(argv: string[]) {
  const args = parseArguments(argv);
  if (!args) return null;
  return {
    args,
    jwt: (await readText(args.credentialFile, 'credential')).trim(),
    keys: parseKeys(await readText(args.keyFile, 'key set'), args.keyFile),
    statusList: args.statusListFile === undefined ? undefined : await readText(args.statusListFile, 'status list'),
  };
}

function label(check: VerificationCheck): string {
  if (check.skipped) return 'SKIP';
  return check.passed ? 'PASS' : 'FAIL';
}

/** The arguments, or null after printing the help. */
function parseArguments(argv: string[]): Arguments | null {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE);
      return null;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      if (!['--key', '--status-list', '--issuer'].includes(name)) throw new UsageError(`unknown option ${name}`);
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      if (options.has(name)) throw new UsageError(`${name} given twice`);
      options.set(name, value);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'no credential file given' : 'give one credential file');
  const keyFile = options.get('--key');
  if (!keyFile) throw new UsageError('--key JWKS_FILE is required');
  return { credentialFile: positional[0]!, keyFile, statusListFile: options.get('--status-list'), issuer: options.get('--issuer') };
}

async function readText(file: string, what: string): Promise<string> {
  // `npm run` starts scripts in the package root; a relative path means the directory npm was called from.
  const base = process.env.npm_lifecycle_event === 'verify' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  try {
    return await readFile(resolve(base, file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Public keys from a JWKS, a DID document or one JWK. Private members are dropped, not trusted. */
function parseKeys(text: string, file: string): JWK[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
  const object = (value ?? {}) as Record<string, unknown>;
  let keys: unknown[];
  if (Array.isArray(object.keys)) keys = object.keys;
  else if (Array.isArray(object.verificationMethod)) keys = object.verificationMethod.map((method) => (method as Record<string, unknown>)?.publicKeyJwk);
  else keys = [object];
  const publicKeys = keys
    .filter((key): key is JWK => typeof key === 'object' && key !== null && typeof (key as JWK).x === 'string')
    .map(({ kty, crv, x, kid, alg, use }) => ({ kty, crv, x, kid, alg, use }));
  if (publicKeys.length === 0) throw new UsageError(`${file} holds no public key (expected a JWKS such as /.well-known/jwks.json)`);
  return publicKeys;
}

function unverifiedIssuer(jwt: string): string {
  try {
    const payload = decodeJwt(jwt);
    const issuer = payload.issuer as { id?: unknown } | string | undefined;
    const id = typeof issuer === 'string' ? issuer : issuer?.id;
    return typeof payload.iss === 'string' ? payload.iss : typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`verify: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
