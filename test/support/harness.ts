// Boots the real API (and worker) on the run's PostgreSQL and Redis, and speaks to it over HTTP.
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type AppConfig, loadConfig } from '@amahoro/config/config.js';
import type { Role } from '@amahoro/domain/users/user.types.js';
import { type ApiHooks, createApi } from '../../apps/api/src/api.js';
import { DataSource } from 'typeorm';
import { User } from '@amahoro/database/entities/user.entity.js';
import { NO_PASSWORD } from '../../apps/api/src/auth/password.js';
import { TokensService } from '../../apps/api/src/auth/tokens.service.js';
import { UsersService } from '../../apps/api/src/users/users.service.js';
import { createWorker } from '../../apps/worker/src/worker.js';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is (with the headers given), instead of JSON. */
  raw?: string | Uint8Array;
}

export class TestApi {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
    readonly config: AppConfig,
  ) {}

  /** The API on a free port; `env` overrides the run's environment (a lower limit, another Redis prefix). */
  static async start(env: Record<string, string> = {}, hooks: ApiHooks = {}): Promise<TestApi> {
    const config = loadConfig({ ...process.env, ...env });
    const app = await createApi(config, undefined, hooks);
    await app.listen({ port: env.PORT ? Number(env.PORT) : 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as { port: number };
    return new TestApi(app, `http://127.0.0.1:${address.port}`, config);
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Uint8Array | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: type.includes('json') && text ? JSON.parse(text) : text, headers: response.headers };
  }

  get = <T = any>(path: string, options?: RequestOptions) => this.request<T>('GET', path, options);
  post = <T = any>(path: string, options?: RequestOptions) => this.request<T>('POST', path, options);
  patch = <T = any>(path: string, options?: RequestOptions) => this.request<T>('PATCH', path, options);

  /** POST /auth/login as is: for tests of the answer (a 401, a 429, the cookie), not only its tokens. */
  login = (email: string, password: string, headers?: Record<string, string>) => this.post('/api/v1/auth/login', { body: { email, password }, headers });

  /** A user of the role, created directly (no admin needed) and logged in through the API. */
  async signUp(role: Role = 'trainee', fields: { fullName?: string; password?: string } = {}): Promise<TestUser> {
    const email = uniqueEmail(role);
    const password = fields.password ?? 'correct-horse-battery';
    const user = await this.app.get(UsersService).create({ email, password, role, fullName: fields.fullName ?? `Test ${role}` }, null);
    const login = await this.login(email, password);
    if (login.status !== 200) throw new Error(`login of ${email} answered ${login.status}: ${JSON.stringify(login.body)}`);
    return { id: user.id, email, password, token: login.body.accessToken, refreshToken: login.body.refreshToken };
  }

  /**
   * Many users at once, fast: created without a password and given tokens directly, skipping the argon2
   * work of a real login (for tests that need hundreds of distinct callers).
   */
  async quickUsers(count: number, role: Role = 'trainee'): Promise<TestUser[]> {
    const repository = this.app.get(DataSource).getRepository(User);
    const users = await repository.save(
      Array.from({ length: count }, (_, i) => repository.create({ email: uniqueEmail(role), fullName: `Quick ${role} ${i + 1}`, role, passwordHash: NO_PASSWORD })),
    );
    const tokens = this.app.get(TokensService);
    const made: TestUser[] = [];
    // In rounds the size of the connection pool, so a few hundred users never queue long for a connection.
    for (let i = 0; i < users.length; i += 20) {
      made.push(
        ...(await Promise.all(
          users.slice(i, i + 20).map(async (user) => {
            const pair = await tokens.issue(user);
            return { id: user.id, email: user.email, password: '', token: pair.accessToken, refreshToken: pair.refreshToken };
          }),
        )),
      );
    }
    return made;
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 13)}@test.amahoro.org`;
}

/** The worker in this process; `logger` instead of the one it makes (pino to stdout). */
export function startWorker(env: Record<string, string> = {}, logger?: Logger): Promise<INestApplicationContext> {
  return createWorker(loadConfig({ ...process.env, ...env }), logger);
}
