import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@amahoro/domain/users/user.types.js';

// Validation of the fields several DTOs share, written once.

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const IsPassword = () =>
  applyDecorators(
    IsString(),
    Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
      message: `password must be from ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
    }),
  );

export const IsEmailAddress = () => applyDecorators(Transform(trim), IsEmail(), MaxLength(254));

export const IsFullName = () => applyDecorators(Transform(trim), IsString(), Length(1, 200));
