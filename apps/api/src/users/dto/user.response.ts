import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { User } from '@amahoro/database/entities/user.entity.js';
import { LANGUAGES, type Language } from '@amahoro/domain/notifications/notification.rules.js';
import { GENDERS, PARTICIPANT_CATEGORIES, ROLES, type Gender, type ParticipantCategory, type Role } from '@amahoro/domain/users/user.types.js';
import { pageOf } from '../../common/pagination.js';

/** A user as clients see it: never the password hash. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'amina.uwase@example.org' })
  email: string;
  @ApiProperty({ example: 'Amina Uwase' })
  fullName: string;
  @ApiProperty({ enum: ROLES })
  role: Role;
  @ApiProperty()
  active: boolean;
  @ApiProperty({ description: 'Proven by a verification, invitation or reset link' })
  emailVerified: boolean;
  @ApiProperty({ enum: LANGUAGES })
  preferredLanguage: Language;
  @ApiPropertyOptional({ enum: GENDERS })
  gender?: Gender;
  @ApiPropertyOptional({ example: 'RWA', description: 'ISO 3166-1 alpha-3' })
  nationality?: string;
  @ApiPropertyOptional({ enum: PARTICIPANT_CATEGORIES })
  category?: ParticipantCategory;
  @ApiPropertyOptional({ example: 'Captain' })
  rank?: string;
  @ApiPropertyOptional({ example: 'Rwanda Defence Force' })
  organization?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The organisation a focal point acts for' })
  organisationId?: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(user: User): UserResponse {
    return {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      role: user.role,
      active: user.active,
      emailVerified: user.emailVerified,
      preferredLanguage: user.preferredLanguage,
      gender: user.gender ?? undefined,
      nationality: user.nationality ?? undefined,
      category: user.category ?? undefined,
      rank: user.rank ?? undefined,
      organization: user.organization ?? undefined,
      organisationId: user.organisationId ?? undefined,
      createdAt: user.createdAt.toISOString(),
    };
  }
}

export class UserPage extends pageOf(UserResponse) {}
