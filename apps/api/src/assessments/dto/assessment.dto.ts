import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ASSESSMENT_KINDS, ATTEMPT_POLICIES, QUESTION_SCORING, type AssessmentKind, type AttemptPolicy, type QuestionScoring } from '@amahoro/domain/assessments/grading.rules.js';
import { ArrayDistinct, IsDecimal, IsTimestamp } from '../../common/validation.js';
import { trim } from '../../users/dto/fields.js';
import { FEEDBACK_MAX_LENGTH, REASON_MAX_LENGTH } from './bulk-grades.pipe.js';

const MAX_CHOICES = 20;
const MAX_QUESTIONS = 200;

const IsScore = () => IsDecimal(2);

/** At most one entry per question, each a short list of integers: bounded before the service reads it. */
const IsAnswerSheet = () =>
  ValidateBy({
    name: 'isAnswerSheet',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        Object.keys(value).length <= MAX_QUESTIONS &&
        Object.values(value).every((picked) => Array.isArray(picked) && picked.length <= MAX_CHOICES && picked.every((choice) => Number.isInteger(choice))),
      defaultMessage: () => `$property must map question ids to lists of at most ${MAX_CHOICES} choice indexes`,
    },
  });

export class QuestionDto {
  @ApiProperty({ example: 'Which of these are among the six grave violations against children?' })
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  prompt: string;

  @ApiProperty({ type: [String], example: ['Killing and maiming', 'Recruitment and use', 'School feeding'] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(MAX_CHOICES)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  choices: string[];

  @ApiProperty({ type: [Number], example: [0, 1], description: 'Indexes of the right choices; never shown to trainees' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHOICES)
  @ArrayDistinct()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(MAX_CHOICES - 1, { each: true })
  correct: number[];

  @ApiProperty({ example: 2, minimum: 0.01 })
  @IsScore()
  @Min(0.01)
  @Max(1000)
  points: number;

  @ApiPropertyOptional({ enum: QUESTION_SCORING, default: 'all_or_nothing' })
  @IsOptional()
  @IsIn(QUESTION_SCORING)
  scoring?: QuestionScoring;
}

export class CreateAssessmentDto {
  @ApiProperty({ example: 'Module 2 quiz: the legal framework' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ enum: ASSESSMENT_KINDS })
  @IsIn(ASSESSMENT_KINDS)
  kind: AssessmentKind;

  @ApiProperty({ example: 20, minimum: 0, maximum: 100, description: 'Percent of the final score' })
  @IsScore()
  @Min(0)
  @Max(100)
  weight: number;

  @ApiPropertyOptional({ example: 100, description: 'Required except for a quiz, whose maxScore is the sum of its points' })
  @IsOptional()
  @IsScore()
  @Min(0.01)
  @Max(100_000)
  maxScore?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Submissions after it are accepted and flagged late' })
  @IsOptional()
  @IsTimestamp()
  dueAt?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'A quiz allows 1 attempt when absent; other kinds, unlimited' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxAttempts?: number;

  @ApiPropertyOptional({ enum: ATTEMPT_POLICIES, default: 'best', description: 'Which quiz attempt counts' })
  @IsOptional()
  @IsIn(ATTEMPT_POLICIES)
  attemptPolicy?: AttemptPolicy;

  @ApiPropertyOptional({ type: [QuestionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_QUESTIONS)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions?: QuestionDto[];
}

// null is refused (400) for every field but the two that it clears.
export class UpdateAssessmentDto extends PartialType(OmitType(CreateAssessmentDto, ['dueAt', 'maxAttempts'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'null removes the due date' })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsTimestamp()
  dueAt?: string | null;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 100, nullable: true, description: 'null: unlimited' })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(1)
  @Max(100)
  maxAttempts?: number | null;
}

export class SubmissionDto {
  @ApiPropertyOptional({
    description: 'Quiz: the chosen indexes per question id (an array even for one choice)',
    example: { '3f1c…': [0, 2] },
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'integer' } },
  })
  @IsOptional()
  @IsObject()
  @IsAnswerSheet()
  answers?: Record<string, number[]>;

  @ApiPropertyOptional({ description: 'Assignment, exam or practical: the work handed in', maxLength: 100_000 })
  @IsOptional()
  @IsString()
  @Length(1, 100_000)
  text?: string;
}

export class SetGradeDto {
  @ApiProperty({ example: 78.5, description: '0 … the assessment’s maxScore' })
  @IsScore()
  @Min(0)
  score: number;

  @ApiPropertyOptional({ maxLength: FEEDBACK_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(FEEDBACK_MAX_LENGTH)
  feedback?: string;

  @ApiPropertyOptional({ maxLength: REASON_MAX_LENGTH, description: 'Why a grade changed; kept in its history' })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  reason?: string;
}

// The bulk grading body, as documented; BulkGradesPipe checks it (these classes carry no validation).
export class BulkGradeRow {
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;

  @ApiProperty({ description: 'Out of range: that row is refused, the others go on' })
  score: number;

  @ApiPropertyOptional({ maxLength: FEEDBACK_MAX_LENGTH })
  feedback?: string;
}

export class BulkGradesDto {
  @ApiProperty({ type: [BulkGradeRow] })
  grades: BulkGradeRow[];

  @ApiPropertyOptional({ maxLength: REASON_MAX_LENGTH })
  reason?: string;
}

export class AttendanceDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Enrolments present that day; every other approved one is recorded absent' })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ArrayDistinct()
  @IsUUID('all', { each: true })
  present: string[];
}
