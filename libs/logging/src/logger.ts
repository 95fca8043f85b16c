import type { LoggerService } from '@nestjs/common';
import { type DestinationStream, pino, type Logger } from 'pino';

/** Structured JSON logs, one line an event; Fastify logs each request through the same logger with its id. */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken'], remove: true },
      serializers: { err: safeError, error: safeError },
    },
    destination,
  );
}

/**
 * Fastify's `childLoggerFactory`: each request logs through a child bound to its id, unless nothing is logged at
 * all (LOG_LEVEL=silent, as in the benchmark), where building a child per request (its bindings go through the
 * redaction above) would be work for no line.
 */
export function requestLogger<L extends { level: string; child(bindings: object, options?: object): L }>(logger: L, bindings: object, options: object): L {
  return logger.level === 'silent' ? logger : logger.child(bindings, options);
}

// What a failed query carries besides its SQL: the parameters (password hashes, token digests, e-mails), and
// PostgreSQL's detail ("Failing row contains (…)", "Key (email)=(…)"), which quotes the row's values.
const VALUE_FIELDS = ['parameters', 'driverError', 'detail', 'where', 'internalQuery', 'hint'];

/** pino's error serializer (which folds causes into message and stack), without the values a database error quotes. */
export function safeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (!serialized || typeof serialized !== 'object') return serialized;
  const fields = serialized as Record<string, unknown>;
  for (const field of VALUE_FIELDS) delete fields[field];
  if (causes(error).some((e) => 'query' in e || 'severity' in e)) {
    // `invalid input syntax for type uuid: "…"`: PostgreSQL quotes the offending value.
    for (const field of ['message', 'stack']) {
      if (typeof fields[field] === 'string') fields[field] = fields[field].replace(/: "[^"\n]*"/g, ': "[redacted]"');
    }
  }
  return fields;
}

function causes(error: unknown): object[] {
  const chain: object[] = [];
  for (let e = error; e && typeof e === 'object' && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

// Nest's start-up chatter: one line per module and route, useful only when debugging.
const CHATTY_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Lets Nest's own messages (start-up, module errors) go through pino too. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    if (context && CHATTY_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string) {
    this.logger.fatal({ context }, String(message));
  }
}
