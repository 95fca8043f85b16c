// `npm run audit:verify`: walks the audit trail's hash chain and names the first record that breaks it.
import pg from 'pg';
import { loadConfig } from '@amahoro/config/config.js';
import { runOrExit } from '@amahoro/config/process.js';
import { assertDatabaseReachable } from '../postgres.js';
import { verifyAuditChain } from './audit-log.js';

await runOrExit(async () => {
  const { databaseUrl } = loadConfig();
  await assertDatabaseReachable(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { checked, firstBreak } = await verifyAuditChain(async (sql, params) => (await client.query(sql, params)).rows);
    if (firstBreak) {
      process.stdout.write(`audit trail BROKEN at record ${firstBreak.id}: ${firstBreak.reason} (${checked} records before it are intact)\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`audit trail intact: ${checked} records\n`);
    }
  } finally {
    await client.end();
  }
});
