import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ASSIGNABLE_ROLES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ROLES, type Role } from '@amahoro/domain/users/user.types.js';
import { PageQuery } from '../../common/pagination.js';
import { IsEmailAddress, IsFullName, IsPassword } from './fields.js';
import { EditableProfile, ProfileFields } from './profile.dto.js';

export class RegisterDto extends ProfileFields {
  @ApiProperty({ example: 'amina.uwase@example.org' })
  @IsEmailAddress()
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsPassword()
  password: string;

  @ApiProperty({ example: 'Amina Uwase', maxLength: 200 })
  @IsFullName()
  fullName: string;
}

export class CreateUserDto extends ProfileFields {
  @ApiProperty({ example: 'instructor@example.org' })
  @IsEmailAddress()
  email: string;

  @ApiProperty({ example: 'Jean-Paul Habimana', maxLength: 200 })
  @IsFullName()
  fullName: string;

  @ApiProperty({ enum: ASSIGNABLE_ROLES, description: 'Focal points are made through their organisation' })
  @IsIn(ASSIGNABLE_ROLES)
  role: Role;

  @ApiPropertyOptional({
    minLength: PASSWORD_MIN_LENGTH,
    description: 'Without one the account exists (for enrolment and reports) but cannot log in yet',
  })
  @IsOptional()
  @IsPassword()
  password?: string;
}

export class UpdateMeDto extends EditableProfile {
  @ApiPropertyOptional({ minLength: PASSWORD_MIN_LENGTH, description: 'A new password; needs currentPassword' })
  @IsOptional()
  @IsPassword()
  password?: string;

  @ApiPropertyOptional({ description: 'Required with password' })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword?: string;
}

export class UpdateUserDto extends EditableProfile {
  @ApiPropertyOptional({ enum: ASSIGNABLE_ROLES })
  @IsOptional()
  @IsIn(ASSIGNABLE_ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'An inactive user cannot log in or refresh; their logins end at once' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Matches email or full name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}
