import { Body, Controller, type ExecutionContext, HttpCode, Injectable, Post, Req, Res, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '@amahoro/domain/users/user.entity.js';
import { type AuthUser, CurrentUser, Public } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { createValidationPipe } from '../common/validation.js';
import { UserResponse } from '../users/dto/user.response.js';
import { RegisterDto } from '../users/dto/users.dto.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshTokenDto, TokenPairResponse } from './dto/auth.dto.js';
import { SessionCookie } from './session-cookie.js';
import type { TokenPair } from './tokens.service.js';

const loginBody = createValidationPipe();

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
  @Post('register')
  @HttpCode(201)
  @ApiCreatedResponse({ type: UserResponse, description: 'A trainee account' })
  @ApiErrors(409)
  async register(@Body() dto: RegisterDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.register(dto));
  }

  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @HttpCode(200)
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(401, 429)
  async login(@Req() request: FastifyRequest & { user: User }, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairResponse> {
    const pair = await this.auth.login(request.user);
    this.cookie.set(reply, pair.refreshToken);
    return toResponse(pair);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairResponse, description: 'A new pair; the presented token stops working' })
  @ApiErrors(401)
  async refresh(@Body() dto: RefreshTokenDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairResponse> {
    const { token, fromCookie } = this.cookie.presented(request, dto.refreshToken);
    try {
      const pair = await this.auth.refresh(token);
      this.cookie.set(reply, pair.refreshToken);
      return toResponse(pair);
    } catch (error) {
      // A cookie that no longer works is dropped, so the browser stops sending it.
      if (fromCookie) this.cookie.clear(reply);
      throw error;
    }
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The login of this refresh token ends: its refresh and access tokens' })
  @ApiErrors(401)
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
