import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { NotificationSettings } from '@amahoro/domain/notifications/notification.rules.js';

export class NotificationSettingsResponse implements NotificationSettings {
  @ApiProperty({ description: 'Enrolment received, approved, waitlisted, promoted, rejected, withdrawn' })
  enrolment: boolean;
  @ApiProperty({ description: 'An offering I am in was cancelled or its dates changed' })
  offerings: boolean;
  @ApiProperty({ description: 'Reminders 7 days and 1 day before a course starts' })
  reminders: boolean;
  @ApiProperty({ description: 'Certificate issued or revoked' })
  certificates: boolean;
  @ApiProperty({ description: 'Invitation, password reset and e-mail verification: always sent', enum: [true] })
  security: true;
}

export class UpdateNotificationSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enrolment?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  offerings?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  reminders?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  certificates?: boolean;
}
