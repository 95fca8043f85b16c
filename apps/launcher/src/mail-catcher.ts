// `npm start` without SMTP_URL: mail still goes out over SMTP, to this local server, which keeps every message
// as an .eml file (open it with any mail program, or read it as text) and logs where it put it.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';

export interface MailCatcher {
  smtpUrl: string;
  directory: string;
  stop(): Promise<void>;
}

export async function startMailCatcher(dataDir: string, logger: Logger): Promise<MailCatcher> {
  const directory = resolve(dataDir, 'mail');
  await mkdir(directory, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    // Plain SMTP on the loopback only: no TLS to negotiate, no login to give.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // On Ctrl+C, a connection the worker still holds open (its transport is pooled) is closed after a second, not 30.
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      const file = join(directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++count}.eml`);
      pipeline(stream, createWriteStream(file)).then(
        () => {
          logger.info(`mail to ${to} caught: ${file}`);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.server.address() as { port: number };
  return { smtpUrl: `smtp://127.0.0.1:${port}`, directory, stop: () => new Promise<void>((done) => server.close(() => done())) };
}
