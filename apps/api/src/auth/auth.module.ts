import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { JwtAuthGuard, RolesGuard } from '../common/auth.guards.js';
import { UsersModule } from '../users/users.module.js';
import { AccessCache } from './access-cache.js';
import { AuthChanges } from './auth-changes.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JWT_AUDIENCE, JwtStrategy, LocalStrategy } from './auth.strategies.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { RegisterRateLimitGuard } from './register-rate-limit.guard.js';
import { SessionCookie } from './session-cookie.js';
import { SessionsRepository } from './sessions.repository.js';
import { TokensService } from './tokens.service.js';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwt.accessSecret)) as unknown as Buffer,
        signOptions: { algorithm: 'HS256', expiresIn: config.jwt.accessTtlSeconds, issuer: config.jwt.issuer, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthChanges,
    AccessCache,
    AuthService,
    TokensService,
    LoginThrottleService,
    RegisterRateLimitGuard,
    SessionCookie,
    SessionsRepository,
    LocalStrategy,
    JwtStrategy,
    // Order matters: authenticate first, then check the role.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  // Accounts lift a login lock through it.
  exports: [LoginThrottleService],
})
export class AuthModule {}
