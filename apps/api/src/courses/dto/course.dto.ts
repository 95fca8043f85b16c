import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO6391,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { COURSE_CATEGORIES, COURSE_CODE, COURSE_STATUSES, DELIVERY_MODES, type CourseCategory, type CourseStatus, type DeliveryMode } from '@amahoro/domain/courses/course.types.js';
import { PageQuery } from '../../common/pagination.js';
import { ArrayDistinct, IsDecimal } from '../../common/validation.js';
import { trim } from '../../users/dto/fields.js';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateCourseDto {
  @ApiProperty({ example: 'POC-101', description: 'Unique; capitals, digits and dashes (lower case is raised)' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(COURSE_CODE, { message: 'code must be 2–30 capitals, digits or dashes, such as POC-101' })
  code: string;

  @ApiProperty({ example: 'Protection of Civilians' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  summary?: string;

  @ApiPropertyOptional({ maxLength: 20_000 })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiProperty({ enum: COURSE_CATEGORIES })
  @IsIn(COURSE_CATEGORIES)
  category: CourseCategory;

  @ApiProperty({ enum: DELIVERY_MODES })
  @IsIn(DELIVERY_MODES)
  deliveryMode: DeliveryMode;

  @ApiProperty({ example: 'en', description: 'ISO 639-1' })
  @Transform(lowerCase)
  @IsISO6391({ message: 'language must be an ISO 639-1 code, such as en, fr or sw' })
  language: string;

  @ApiProperty({ example: 40, minimum: 1, maximum: 5000 })
  @IsInt()
  @Min(1)
  @Max(5000)
  durationHours: number;

  @ApiProperty({ example: 70, minimum: 0, maximum: 100 })
  @IsDecimal(2)
  @Min(0)
  @Max(100)
  passMark: number;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Courses a trainee must have completed first' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayDistinct()
  @IsUUID('all', { each: true })
  prerequisiteCourseIds?: string[];
}

export class UpdateCourseDto extends PartialType(CreateCourseDto) {}

export class ListCoursesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Matches title, code or summary' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: COURSE_CATEGORIES })
  @IsOptional()
  @IsIn(COURSE_CATEGORIES)
  category?: CourseCategory;

  @ApiPropertyOptional({ enum: DELIVERY_MODES })
  @IsOptional()
  @IsIn(DELIVERY_MODES)
  deliveryMode?: DeliveryMode;

  @ApiPropertyOptional({ example: 'fr' })
  @IsOptional()
  @Transform(lowerCase)
  @IsISO6391({ message: 'language must be an ISO 639-1 code, such as en, fr or sw' })
  language?: string;

  @ApiPropertyOptional({ enum: COURSE_STATUSES, description: 'Admins only; everyone else sees published courses' })
  @IsOptional()
  @IsIn(COURSE_STATUSES)
  status?: CourseStatus;
}
