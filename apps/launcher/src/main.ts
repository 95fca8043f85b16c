// `npm start`: the whole platform in one process on a fresh machine. Finds or starts PostgreSQL and Redis,
// creates the database, migrates, loads the demo academy into an empty database, then runs API and worker.
import 'reflect-metadata';
import { loadConfig } from '@amahoro/config/config.js';
import { runOrExit, stopOnSignals } from '@amahoro/config/process.js';
import { autovacuumWarning, ensureDatabase, runMigrations } from '@amahoro/database/postgres.js';
import { DEMO_ACADEMY, DEMO_LOGINS, type DemoAcademy, type DemoLogin } from '@amahoro/demo/demo-academy.js';
import { loginTable } from '@amahoro/demo/login-table.js';
import { createLogger } from '@amahoro/logging/logger.js';
import { createApi } from '../../api/src/api.js';
import { startWorkerThread } from '../../worker/src/worker-host.js';
import { ensureLocalServices } from './local-services.js';
import { type MailCatcher, startMailCatcher } from './mail-catcher.js';

await runOrExit(async () => {
  const wanted = loadConfig();
  const logger = createLogger(wanted.logLevel, 'amahoro');
  const services = await ensureLocalServices(wanted, logger);
  // Outside production, no SMTP_URL means a local catcher; in production the worker says mail is off.
  const catcher: MailCatcher | null = !wanted.mail.smtpUrl && wanted.env !== 'production' ? await startMailCatcher(wanted.dataDir, logger) : null;
  const config = {
    ...wanted,
    databaseUrl: services.databaseUrl,
    redisUrl: services.redisUrl,
    mail: { ...wanted.mail, smtpUrl: catcher?.smtpUrl ?? wanted.mail.smtpUrl },
  };

  await ensureDatabase(config.databaseUrl);
  await runMigrations(config.databaseUrl);
  const vacuum = await autovacuumWarning(config.databaseUrl);
  if (vacuum) logger.warn(vacuum);

  const api = await createApi(config, logger.child({ name: 'api' }));
  const academy = api.get<DemoAcademy>(DEMO_ACADEMY);
  if (config.demoData) await academy.loadIfEmpty();
  const demo = (await academy.isLoaded()) ? DEMO_LOGINS : [];
  await api.listen({ port: config.port, host: config.host });
  // In a thread with the heap limits of every worker process (WORKER_HEAP_MB), apart from the API's heap.
  const worker = await startWorkerThread(config, { checkDependencies: false, logger });

  stopOnSignals(
    async () => {
      await api.close();
      await worker.close();
      await catcher?.stop();
      await services.stop();
    },
    (message) => logger.info(message),
  );
  process.stdout.write(banner(config.publicBaseUrl, demo, catcher?.directory ?? (config.mail.smtpUrl ? null : 'off')));
});

/** `mail`: the catcher's directory, 'off', or null when a real SMTP server is configured. */
function banner(baseUrl: string, demo: DemoLogin[], mail: string | null): string {
  const lines = [
    '',
    'Amahoro is running (web app, API and worker).',
    `  Web:     ${baseUrl}/`,
    `  API:     ${baseUrl}/api/v1`,
    `  Docs:    ${baseUrl}/docs`,
    `  Health:  ${baseUrl}/health`,
  ];
  if (mail === 'off') lines.push('  Mail:    off (no SMTP_URL)');
  else if (mail) lines.push(`  Mail:    no SMTP_URL, so e-mails are caught locally: one .eml file each in ${mail}`);
  if (demo.length > 0) {
    lines.push('', 'Demo logins (sign in on the web app, or POST /api/v1/auth/login):');
    lines.push(...loginTable(demo));
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  return lines.join('\n');
}
