import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger.js';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
const EMAIL = 'amina.uwase@example.org';
const TOKEN_DIGEST = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('info', 'test', stream) };
}

function databaseError(message: string, detail: string): Error {
  const driverError = Object.assign(new Error(message), { code: '23502', severity: 'ERROR', detail, where: `SQL statement with ${EMAIL}` });
  return new QueryFailedError('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [EMAIL, HASH, TOKEN_DIGEST], driverError);
}

describe('logger: no values of a failed query', () => {
  it('keeps the SQL and the error, drops parameters and the row PostgreSQL quotes', () => {
    const { lines, logger } = capture();
    logger.error({ err: databaseError('null value in column "full_name" violates not-null constraint', `Failing row contains (${EMAIL}, ${HASH}).`) }, 'unexpected error');
    const line = lines.join('');
    for (const secret of [EMAIL, HASH, TOKEN_DIGEST, 'argon2id']) assert.ok(!line.includes(secret), `${secret} in ${line}`);
    const logged = JSON.parse(line) as { err: { message: string; query: string; code: string } };
    assert.match(logged.err.message, /violates not-null constraint/);
    assert.match(logged.err.query, /^INSERT INTO users/);
    assert.equal(logged.err.code, '23502');
  });

  it('redacts the value PostgreSQL quotes in its message, in a cause too', () => {
    const { lines, logger } = capture();
    const cause = databaseError(`invalid input syntax for type uuid: "${EMAIL}"`, '');
    logger.error({ err: new Error('grading failed', { cause }) }, 'unexpected error');
    const line = lines.join('');
    assert.ok(!line.includes(EMAIL), line);
    assert.match(line, /invalid input syntax for type uuid: \\"\[redacted\]\\"/);
  });
});
