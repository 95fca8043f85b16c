// `npm run --silent keys:generate`: prints a new Ed25519 private JWK for CREDENTIAL_SIGNING_KEY, on one line.
// Give the same key to the API and every worker; keep it secret, and keep it: credentials already issued
// verify only against the key that signed them.
import { generateKeyPairSync } from 'node:crypto';

const { privateKey } = generateKeyPairSync('ed25519');
process.stdout.write(`${JSON.stringify(privateKey.export({ format: 'jwk' }))}\n`);
