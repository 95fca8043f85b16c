import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsISO31661Alpha3, Matches } from 'class-validator';

// Fields the nomination DTOs share, written once.

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

/** ISO 3166-1 alpha-3, taken in any case (`ken` is KEN). */
export const IsCountryCode = () =>
  applyDecorators(Transform(upper), IsISO31661Alpha3({ message: '$property must be an ISO 3166-1 alpha-3 country code, such as KEN' }));

/** Working languages as ISO 639-1 codes. */
export const IsLanguageCodes = () => Matches(/^[a-z]{2}$/, { each: true, message: '$property must be ISO 639-1 codes such as en, fr' });
