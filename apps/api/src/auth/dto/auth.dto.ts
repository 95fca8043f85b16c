import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '@amahoro/domain/users/user.types.js';
import { IsEmailAddress } from '../../users/dto/fields.js';
import { UserResponse } from '../../users/dto/user.response.js';

export class LoginDto {
  @ApiProperty({ example: 'admin@amahoro.local' })
  @IsEmailAddress()
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class RefreshTokenDto {
  @ApiPropertyOptional({ description: 'Leave out to use the session cookie (with the X-Requested-With header); given, it wins over the cookie' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  refreshToken?: string;
}

export class TokenPairResponse {
  @ApiProperty({ description: 'JWT (HS256) for the Authorization: Bearer header' })
  accessToken: string;
  @ApiProperty({ description: 'Opaque; single use: each refresh returns a new one' })
  refreshToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;
  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';
  @ApiProperty({ type: UserResponse })
  user: UserResponse;
}
