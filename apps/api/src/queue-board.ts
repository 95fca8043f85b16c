// Bull Board at /admin/queues: admins watch and retry jobs. A browser cannot send our bearer tokens, so the
// page asks for an admin's email and password (HTTP Basic), checked like a login, throttle included.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { QUEUES } from '@amahoro/queue/jobs.js';
import type { User } from '@amahoro/database/entities/user.entity.js';
import { AuthErrors } from './auth/auth.errors.js';
import { AuthService } from './auth/auth.service.js';
import { sendError } from './common/http-exception.filter.js';
import { assertStorableText } from './common/input-checks.js';
import { UsersService } from './users/users.service.js';

export const QUEUE_BOARD_PATH = '/admin/queues';
// The page polls: a checked password is remembered for a minute so argon2 does not run on every poll, but
// the account is read on every request, so a demoted or deactivated admin (or a new password) counts at once.
const REMEMBER_MS = 60_000;

export function registerQueueBoard(app: NestFastifyApplication): void {
  const auth = app.get(AuthService);
  const board = new BoardAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter: board,
  });
  const users = app.get(UsersService);
  const recent = new Map<string, { userId: string; passwordHash: string; until: number }>();

  /** The user a remembered header proved, if it still holds: same account, same password. */
  const remembered = async (key: string): Promise<User | null> => {
    const known = recent.get(key);
    if (!known) return null;
    const user = known.until > Date.now() ? await users.findById(known.userId) : null;
    if (user?.passwordHash === known.passwordHash) return user;
    recent.delete(key);
    return null;
  };

  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const key = createHash('sha256').update(header).digest('hex');
    try {
      let user = await remembered(key);
      if (!user) {
        const [scheme, encoded] = header.split(' ');
        const decoded = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString() : '';
        const colon = decoded.indexOf(':');
        assertStorableText(decoded, 'the e-mail and password');
        if (colon < 1) throw AuthErrors.adminCredentialsNeeded();
        user = await auth.verifyLogin(decoded.slice(0, colon), decoded.slice(colon + 1), request.ip);
        for (const [stale, entry] of recent) if (entry.until <= Date.now()) recent.delete(stale);
        recent.set(key, { userId: user.id, passwordHash: user.passwordHash, until: Date.now() + REMEMBER_MS });
      }
      if (!user.active) throw AuthErrors.adminCredentialsNeeded();
      if (user.role !== 'admin') throw AuthErrors.adminsOnly();
    } catch (error) {
      void reply.header('www-authenticate', 'Basic realm="Amahoro queues", charset="UTF-8"');
      sendError(error, request, reply);
      return reply;
    }
  };

  void app.getHttpAdapter().getInstance().register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', requireAdmin);
    // The board's page bootstraps with an inline script.
    scope.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
