import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser, Public, RequestId, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { UserErrors } from '../users/users.errors.js';
import { AccountErrors } from './accounts.errors.js';
import { AccountsService } from './accounts.service.js';
import { AcceptedResponse, AccountTokenDto, ForgotPasswordDto, ResetPasswordDto } from './dto/accounts.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponse, description: 'The same answer whether or not the account exists; a reset link is e-mailed when it does' })
  @ApiOperation({ summary: 'E-mail a password reset link (same answer whether or not the account exists)' })
  @ApiErrors(AccountErrors.tooManyRequests(1))
  async forgotPassword(@Body() dto: ForgotPasswordDto, @Req() request: FastifyRequest): Promise<AcceptedResponse> {
    await this.accounts.forgot(dto.email, request.ip);
    return { accepted: true };
  }

  @Public()
  @Post('password/reset')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password set from an invitation or reset link; every login of the user ends' })
  @ApiOperation({ summary: 'Set a password from an invitation or reset link' })
  @ApiErrors(AccountErrors.tokenInvalid())
  async resetPassword(@Body() dto: ResetPasswordDto, @RequestId() requestId: string): Promise<void> {
    await this.accounts.reset(dto.token, dto.password, requestId);
  }

  @Public()
  @Post('verify-email')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The account is now emailVerified' })
  @ApiOperation({ summary: 'Confirm my e-mail address from the verification link' })
  @ApiErrors(AccountErrors.tokenInvalid())
  async verifyEmail(@Body() dto: AccountTokenDto): Promise<void> {
    await this.accounts.verifyEmail(dto.token);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponse, description: 'A new verification link, unless the address is verified already' })
  @ApiOperation({ summary: 'Send me a new verification link' })
  @ApiErrors(401, AccountErrors.tooManyRequests(1))
  async resendVerification(@CurrentUser() me: AuthUser): Promise<AcceptedResponse> {
    await this.accounts.resendVerification(me.id);
    return { accepted: true };
  }
}

@ApiTags('users')
@Roles('admin')
@Controller('users')
export class UserAccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post(':id/invite')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponse, description: 'E-mails a set-password link (7 days, single use); earlier ones stop working' })
  @ApiOperation({ summary: 'E-mail a user a set-password link' })
  @ApiErrors(401, 403, UserErrors.notFound())
  async inviteUser(@CurrentUser() me: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<AcceptedResponse> {
    await this.accounts.invite(id, me);
    return { accepted: true };
  }

  @Post(':id/unlock')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "Clears the account's failed-login counters" })
  @ApiOperation({ summary: "Clear a user's failed-login counters" })
  @ApiErrors(401, 403, UserErrors.notFound())
  async unlockUser(@CurrentUser() me: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.accounts.unlock(id, me);
  }
}
