import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { NotificationSettingsResponse, UpdateNotificationSettingsDto } from './dto/notification-settings.dto.js';
import { NotificationSettingsService } from './notification-settings.service.js';

@ApiTags('notifications')
@Controller('me/notifications/settings')
export class NotificationSettingsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationSettingsResponse })
  @ApiOperation({ summary: 'Which e-mails I receive' })
  @ApiErrors(401)
  async getNotificationSettings(@CurrentUser() me: AuthUser): Promise<NotificationSettingsResponse> {
    return { ...(await this.settings.get(me.id)), security: true };
  }

  @Patch()
  @ApiOkResponse({ type: NotificationSettingsResponse, description: 'Security mails cannot be turned off (`security` is refused)' })
  @ApiOperation({ summary: 'Choose which e-mails I receive' })
  @ApiErrors(401)
  async updateNotificationSettings(@CurrentUser() me: AuthUser, @Body() dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsResponse> {
    return { ...(await this.settings.update(me.id, dto)), security: true };
  }
}
