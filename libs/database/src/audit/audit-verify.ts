// `npm run audit:verify [checkpoint.jws ...]`: walks the audit trail's hash chain, holds it against every signed
// checkpoint (those in the database and any published copies named on the command line, which survive the
// deletion of the table), and names the first record or checkpoint that breaks it.
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { loadIssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { loadConfig } from '@amahoro/config/config.js';
import { runOrExit } from '@amahoro/config/process.js';
import { assertDatabaseReachable } from '../postgres.js';
import { verifyAuditTrail } from './audit-sealer.js';

await runOrExit(async () => {
  const config = loadConfig();
  await assertDatabaseReachable(config.databaseUrl);
  const keys = await loadIssuerKeys({ signingKeyJwk: config.certificates.signingKeyJwk, dataDir: config.dataDir });
  const published = await Promise.all(process.argv.slice(2).map((file) => readFile(file, 'utf8')));
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const { checked, checkpoints, unsealed, firstBreak } = await verifyAuditTrail({ query: async (sql, params) => (await client.query(sql, params)).rows }, keys.publicJwk, published);
    const pending = unsealed > 0 ? `; ${unsealed} newer records not sealed yet` : '';
    if (firstBreak) {
      process.stdout.write(`audit trail BROKEN at ${/^\d+$/.test(firstBreak.id) ? 'record ' : ''}${firstBreak.id}: ${firstBreak.reason} (${checked} records before it are intact${pending})\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`audit trail intact: ${checked} records, ${checkpoints} signed checkpoints hold${pending}\n`);
    }
  } finally {
    await client.end();
  }
});
