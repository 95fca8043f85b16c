// The one place every input passes through before any route sees it: JSON and CSV bodies, query strings, path
// parameters (and, by call, the queue board's Basic-auth credentials). Text PostgreSQL cannot store (NUL) or
// that is not Unicode (an unpaired surrogate, or bytes that are not UTF-8) is refused whole, never stored
// altered; so is JSON nested deeper than any DTO, before recursive validation could overflow the stack.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { sendError } from './http-exception.filter.js';
import { SECURITY_HEADERS } from './security-headers.js';

/** Deeper than any request DTO nests (a quiz question's choices are at depth 3). */
export const MAX_INPUT_DEPTH = 16;

/** True for text that can be stored as it is: no NUL byte, no unpaired surrogate (not well-formed). */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

const invalid = (message: string) => new AppError('VALIDATION_FAILED', 'invalid', message);

/** Refuses text that cannot be stored as it is; `what` names it in the message. */
export function assertStorableText(text: string, what: string): void {
  if (!isStorableText(text)) throw invalid(`${what} must not contain NUL bytes or unpaired surrogates`);
}

/** A value met on the walk, and where: its path is spelled out only for a refusal. */
interface Visit {
  value: unknown;
  parent: Visit | null;
  key: string | number;
  depth: number;
}

function pathOf(visit: Visit): string {
  const keys: Array<string | number> = [];
  for (let at: Visit | null = visit; at; at = at.parent) keys.unshift(at.key);
  return keys.map((key, i) => (i === 0 ? key : typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
}

/**
 * Walks a parsed input (iteratively: depth cannot overflow the stack) and refuses the first string, or object
 * key, that cannot be stored, and any nesting deeper than MAX_INPUT_DEPTH. Linear in the input's size.
 */
export function assertStorableInput(input: unknown, name: string): void {
  // Most requests carry no body and no query or path parameters: nothing to walk.
  if (input === undefined || isEmptyObject(input)) return;
  const stack: Visit[] = [{ value: input, parent: null, key: name, depth: 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value, depth } = visit;
    if (typeof value === 'string') {
      if (!isStorableText(value)) assertStorableText(value, pathOf(visit));
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_INPUT_DEPTH) throw invalid(`${name} is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`);
      if (Array.isArray(value)) {
        value.forEach((item, index) => {
          // Numbers and booleans need no look (a million of them stay cheap).
          if (typeof item === 'string' || typeof item === 'object') stack.push({ value: item, parent: visit, key: index, depth: depth + 1 });
        });
      } else {
        for (const [key, item] of Object.entries(value)) {
          if (!isStorableText(key)) assertStorableText(key, `a key of ${pathOf(visit)}`);
          stack.push({ value: item, parent: visit, key, depth: depth + 1 });
        }
      }
    }
  }
}

function isEmptyObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (const _key in value) return false;
  return true;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A body's bytes as text; bytes that are not UTF-8 are refused rather than replaced with U+FFFD. */
export function decodeBody(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw invalid('the body must be UTF-8 text');
  }
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * JSON bodies: UTF-8 only, parsed by Fastify's own parser (prototype poisoning refused); an empty body is no
 * body, so a POST that needs none may still say `content-type: application/json`.
 */
export function jsonBodyParser(fastify: FastifyInstance) {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, bytes: Buffer, done: Done): void => {
    let text: string;
    try {
      text = decodeBody(bytes);
    } catch (error) {
      return done(error as Error);
    }
    if (text.trim() === '') return done(null, undefined);
    void parseJson(request, text, done);
  };
}

/** The query parser would turn escapes that are not UTF-8 (%ED%A0%80, a surrogate's bytes) into U+FFFD. */
function assertQueryIsUtf8(url: string): void {
  const start = url.indexOf('?');
  if (start < 0) return;
  try {
    decodeURIComponent(url.slice(start + 1).replace(/\+/g, ' '));
  } catch {
    throw invalid('the query string must be UTF-8 text, percent-encoded');
  }
}

/** Registers the check on everything a route receives, and gives malformed URLs the contract's 400. */
export function checkEveryInput(fastify: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, and has nothing to wait for.
  fastify.addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    try {
      assertQueryIsUtf8(request.raw.url ?? '');
      assertStorableInput(request.params, 'params');
      assertStorableInput(request.query, 'query');
      assertStorableInput(request.body, 'body');
    } catch (error) {
      sendError(error, request, reply);
      return;
    }
    done();
  });
}

/** Fastify's `frameworkErrors`: a URL whose escapes do not decode (%ED%A0%80, a surrogate's bytes) is bad input. */
export function onFrameworkError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  // Fastify answers these before any onRequest hook: the headers every other answer carries are set here.
  void reply.headers(SECURITY_HEADERS).header('x-request-id', request.id);
  sendError((error as { statusCode?: number }).statusCode === 400 ? invalid(`the URL is malformed: ${error.message}`) : error, request, reply);
}
