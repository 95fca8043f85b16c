import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsEmailAddress, IsPassword } from '../../users/dto/fields.js';

export class ForgotPasswordDto {
  @ApiProperty({ example: 'amina.uwase@example.org' })
  @IsEmailAddress()
  email: string;
}

export class AccountTokenDto {
  @ApiProperty({ description: 'The token of the e-mailed link' })
  @IsString()
  @Length(1, 200)
  token: string;
}

export class ResetPasswordDto extends AccountTokenDto {
  @ApiProperty({ minLength: 12 })
  @IsPassword()
  password: string;
}

export class AcceptedResponse {
  @ApiProperty({ example: true })
  accepted: true;
}
