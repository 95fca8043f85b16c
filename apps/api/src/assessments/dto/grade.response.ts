import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASSESSMENT_KINDS, type AssessmentKind } from '@amahoro/domain/assessments/grading.rules.js';
import { CourseRef } from '../../courses/dto/course.response.js';
import { EnrolledUser } from '../../enrollments/dto/enrollment.response.js';
import type { Grade, GradeVersion, MyGrade } from '../grades.repository.js';

export class GradeResponse {
  @ApiProperty({ format: 'uuid' })
  assessmentId: string;
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;
  @ApiProperty()
  score: number;
  @ApiPropertyOptional()
  feedback?: string;
  @ApiProperty({ description: '1 for the first grade, +1 for each change' })
  version: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'Absent for a quiz graded automatically' })
  gradedBy?: string;
  @ApiProperty({ format: 'date-time' })
  gradedAt: string;

  static from(assessmentId: string, grade: Grade): GradeResponse {
    return {
      assessmentId,
      enrollmentId: grade.enrollmentId,
      score: grade.score,
      feedback: grade.feedback ?? undefined,
      version: grade.version,
      gradedBy: grade.gradedBy ?? undefined,
      gradedAt: grade.gradedAt,
    };
  }
}

export class BulkGradeResult {
  @ApiProperty({ description: '1-based position in the request' })
  row: number;
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;
  @ApiProperty({ enum: ['graded', 'unchanged', 'error'] })
  outcome: 'graded' | 'unchanged' | 'error';
  @ApiPropertyOptional({ type: GradeResponse })
  grade?: GradeResponse;
  @ApiPropertyOptional()
  code?: string;
  @ApiPropertyOptional()
  message?: string;
}

export class BulkGradesResponse {
  @ApiProperty({ type: [BulkGradeResult] })
  results: BulkGradeResult[];
  @ApiProperty()
  graded: number;
  @ApiProperty()
  failed: number;
}

export class GradeVersionResponse {
  @ApiProperty()
  version: number;
  @ApiProperty()
  score: number;
  @ApiPropertyOptional()
  previousScore?: number;
  @ApiPropertyOptional()
  feedback?: string;
  @ApiPropertyOptional()
  reason?: string;
  @ApiPropertyOptional({ type: EnrolledUser, description: 'Absent for automatic quiz grading' })
  changedBy?: { id: string; fullName: string; email: string };
  @ApiProperty({ format: 'date-time' })
  changedAt: string;

  static from(version: GradeVersion): GradeVersionResponse {
    return {
      version: version.version,
      score: version.score,
      previousScore: version.previousScore ?? undefined,
      feedback: version.feedback ?? undefined,
      reason: version.reason ?? undefined,
      changedBy: version.changedBy ?? undefined,
      changedAt: version.changedAt.toISOString(),
    };
  }
}

export class MyGradeResponse {
  @ApiProperty({ format: 'uuid' })
  assessmentId: string;
  @ApiProperty()
  assessmentTitle: string;
  @ApiProperty({ enum: ASSESSMENT_KINDS })
  kind: AssessmentKind;
  @ApiProperty()
  weight: number;
  @ApiProperty()
  maxScore: number;
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;
  @ApiProperty({ format: 'uuid' })
  offeringId: string;
  @ApiProperty({ type: CourseRef })
  course: CourseRef;
  @ApiProperty()
  score: number;
  @ApiPropertyOptional()
  feedback?: string;
  @ApiProperty({ format: 'date-time' })
  gradedAt: string;

  static from(grade: MyGrade): MyGradeResponse {
    return { ...grade, feedback: grade.feedback ?? undefined, gradedAt: grade.gradedAt.toISOString() };
  }
}

export class MyGrades {
  @ApiProperty({ type: [MyGradeResponse] })
  items: MyGradeResponse[];
}
