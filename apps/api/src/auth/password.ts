import { hash, verify } from '@node-rs/argon2';

// argon2id at OWASP's recommended floor: 19 MiB of memory, 2 passes, 1 lane.
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which the transpiler cannot inline)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Stored for accounts created without a password (nominated trainees): no password ever matches it. */
export const NO_PASSWORD = '!';

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the email is unknown, so that answer takes as long as a wrong password.
const decoy = hashPassword('decoy-password-never-used');

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (passwordHash === undefined || passwordHash === NO_PASSWORD) {
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
