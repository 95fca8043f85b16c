// A real SMTP server in the test process (the `smtp-server` package): what the worker sends arrives here over
// SMTP and is read back with `mailparser`. It can be stopped and started again on the same port (a mail
// server outage), and can hold messages before accepting them (to kill a worker mid-send).
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { eventually } from './classroom.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  kind: string;
  messageId: string;
  language: string;
}

export class Mailbox {
  readonly messages: Mail[] = [];
  /** Every DATA the server received, accepted or not (a held one whose client died is not accepted). */
  private server: SMTPServer | null = null;
  private holding: Array<{ session: string; accept: () => void }> | null = null;
  private readonly closed = new Set<string>();

  private constructor(public port: number) {}

  static async start(): Promise<Mailbox> {
    const mailbox = new Mailbox(0);
    await mailbox.listen();
    return mailbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // stop() drops the connections the worker keeps open (its transport is pooled), as an outage would, at once.
      closeTimeout: 1,
      onClose: (session) => this.closed.add(session.id),
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            const accept = () => {
              this.messages.push(toMail(mail));
              callback();
            };
            if (this.holding) this.holding.push({ session: session.id, accept });
            else accept();
          },
          (error: Error) => callback(error),
        );
      },
    });
    const server = this.server;
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => done());
    });
    this.port = (server.server.address() as { port: number }).port;
  }

  /** The mail server goes away: connections are refused until listen() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((done) => server.close(() => done()));
  }

  /** From now on messages are received but not accepted until release(). */
  hold(): void {
    this.holding = [];
  }

  /** Messages received whole and awaiting their answer: their sender is mid-send. */
  get heldMessages(): number {
    return this.holding?.length ?? 0;
  }

  /** Whether messages are held and every one of their clients has hung up (the server saw the connection close). */
  get heldClientsAllGone(): boolean {
    const held = this.holding ?? [];
    return held.length > 0 && held.every(({ session }) => this.closed.has(session));
  }

  release(): void {
    const held = this.holding ?? [];
    this.holding = null;
    // A client that hung up before the answer never had its message accepted.
    for (const { session, accept } of held) if (!this.closed.has(session)) accept();
  }

  to(email: string): Mail[] {
    return this.messages.filter((m) => m.to === email);
  }

  async waitFor(email: string, kind: string, timeoutMs = 20_000): Promise<Mail> {
    const found = await eventually(
      async () => this.to(email).filter((m) => m.kind === kind),
      (list) => list.length > 0,
      timeoutMs,
    );
    return found[0]!;
  }
}

function toMail(mail: ParsedMail): Mail {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return {
    to: to?.value[0]?.address ?? '',
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
    kind: String(mail.headers.get('x-amahoro-notification') ?? ''),
    messageId: mail.messageId ?? '',
    language: /<html lang="(\w+)"/.exec(typeof mail.html === 'string' ? mail.html : '')?.[1] ?? '',
  };
}

/** The first link in a message's text part that starts with the prefix. */
export function linkIn(mail: Mail, prefix: string): string {
  const link = mail.text.split(/\s+/).find((word) => word.startsWith(prefix));
  if (!link) throw new Error(`no link to ${prefix} in:\n${mail.text}`);
  return link;
}

/** The `token` of the first link in the message that starts with the prefix (what the page it opens sends back). */
export function tokenIn(mail: Mail, prefix: string): string {
  const token = new URL(linkIn(mail, prefix)).searchParams.get('token');
  if (!token) throw new Error(`no token in the link to ${prefix}`);
  return token;
}
