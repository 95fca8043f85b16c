import { Injectable } from '@nestjs/common';
import type { User } from '@amahoro/database/entities/user.entity.js';
import { normalizeEmail } from '@amahoro/domain/users/user.types.js';
import { UsersService } from '../users/users.service.js';
import { AuthErrors } from './auth.errors.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { verifyPassword } from './password.js';
import { TokensService, type TokenPair } from './tokens.service.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: TokensService,
  ) {}

  /**
   * Checks a login. The attempt is counted before the password is tested, so a locked account does not
   * even test it; a success takes its count back.
   */
  async verifyLogin(email: string, password: string, ip: string): Promise<User> {
    const normalized = normalizeEmail(email);
    await this.throttle.begin(normalized, ip);
    const user = await this.users.findByEmail(normalized);
    const passwordOk = await verifyPassword(user?.passwordHash, password);
    if (!user || !passwordOk || !user.active) throw AuthErrors.invalidCredentials();
    await this.throttle.succeeded(normalized, ip);
    return user;
  }

  login(user: User): Promise<TokenPair> {
    return this.tokens.issue(user);
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokens.rotate(refreshToken, (id) => this.users.get(id).catch(() => null));
  }

  logout(refreshToken: string, userId: string): Promise<void> {
    return this.tokens.revokeLogin(refreshToken, userId);
  }
}
