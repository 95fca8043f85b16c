import { Body, Controller, type ExecutionContext, HttpCode, Injectable, Post, Req, Res, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '@amahoro/database/entities/user.entity.js';
import { AppError } from '../common/app-error.js';
import { type AuthUser, CurrentUser, Public, RequestId } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { createValidationPipe } from '../common/validation.js';
import { UserResponse } from '../users/dto/user.response.js';
import { RegisterDto } from '../users/dto/users.dto.js';
import { UserErrors } from '../users/users.errors.js';
import { UsersService } from '../users/users.service.js';
import { AuthErrors } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { RegisterRateLimitGuard } from './register-rate-limit.guard.js';
import { LoginDto, RefreshTokenDto, TokenPairResponse } from './dto/auth.dto.js';
import { AUTH_PATH, REFRESH_COOKIE, SessionCookie } from './session-cookie.js';
import type { TokenPair } from './tokens.service.js';

const loginBody = createValidationPipe();

const SET_COOKIE = {
  'Set-Cookie': { description: `${REFRESH_COOKIE}: the refresh token, HttpOnly, SameSite=Strict, Path=${AUTH_PATH}`, schema: { type: 'string' } },
};
const CSRF_HEADER_DOC = { name: 'X-Requested-With', required: false, description: 'Any value; required when the refresh token comes from the session cookie' };

/** Passport's local strategy, after the body passed the same validation as every other DTO. */
@Injectable()
class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.body = await loginBody.transform(request.body, { type: 'body', metatype: LoginDto });
    return (await super.canActivate(context)) as boolean;
  }
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly cookie: SessionCookie,
  ) {}

  @Public()
  @UseGuards(RegisterRateLimitGuard)
  @Post('register')
  @ApiOperation({ summary: 'Create a trainee account' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: UserResponse, description: 'A trainee account' })
  @ApiErrors(UserErrors.emailTaken(), AuthErrors.tooManyRegistrations(3600))
  async register(@Body() dto: RegisterDto, @RequestId() requestId: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.register(dto, requestId));
  }

  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @ApiOperation({ summary: 'Log in: an access token, and a refresh token (in the body and the session cookie)' })
  @HttpCode(200)
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairResponse, headers: SET_COOKIE })
  @ApiErrors(AuthErrors.invalidCredentials(), AuthErrors.tooManyAttempts(60))
  async login(@Req() request: FastifyRequest & { user: User }, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairResponse> {
    const pair = await this.auth.login(request.user);
    this.cookie.set(reply, pair.refreshToken);
    return toResponse(pair);
  }

  @Public()
  @Post('refresh')
  @ApiOperation({ summary: 'Trade a refresh token (body, or session cookie) for a new pair' })
  @HttpCode(200)
  @ApiHeader(CSRF_HEADER_DOC)
  @ApiOkResponse({ type: TokenPairResponse, description: 'A new pair; the presented token stops working', headers: SET_COOKIE })
  @ApiErrors(AuthErrors.refreshTokenMissing(), AuthErrors.invalidRefreshToken(), AuthErrors.refreshTokenReused(), AuthErrors.csrfHeaderMissing())
  async refresh(@Body() dto: RefreshTokenDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairResponse> {
    const { token, fromCookie } = this.cookie.presented(request, dto.refreshToken);
    try {
      const pair = await this.auth.refresh(token);
      this.cookie.set(reply, pair.refreshToken);
      return toResponse(pair);
    } catch (error) {
      // A cookie that no longer works is dropped, so the browser stops sending it (not when the database is down).
      if (fromCookie && error instanceof AppError && error.kind === 'unauthenticated') this.cookie.clear(reply);
      throw error;
    }
  }

  @Post('logout')
  @ApiOperation({ summary: 'Log out: end this login (its refresh and access tokens) and clear the session cookie' })
  @HttpCode(204)
  @ApiHeader(CSRF_HEADER_DOC)
  @ApiNoContentResponse({ description: 'The login of this refresh token ends: its refresh and access tokens', headers: SET_COOKIE })
  @ApiErrors(401, AuthErrors.refreshTokenMissing(), AuthErrors.csrfHeaderMissing())
  async logout(
    @CurrentUser() me: AuthUser,
    @Body() dto: RefreshTokenDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const { token } = this.cookie.presented(request, dto.refreshToken);
    await this.auth.logout(token, me.id);
    this.cookie.clear(reply);
  }
}

function toResponse({ accessToken, refreshToken, expiresIn, user }: TokenPair): TokenPairResponse {
  return { accessToken, refreshToken, expiresIn, tokenType: 'Bearer', user: UserResponse.from(user) };
}
