import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Course } from '@amahoro/database/entities/course.entity.js';
import { COURSE_CATEGORIES, COURSE_STATUSES, DELIVERY_MODES, type CourseCategory, type CourseStatus, type DeliveryMode } from '@amahoro/domain/courses/course.types.js';
import { pageOf } from '../../common/pagination.js';

// localeCompare builds its collator on every call; one, made once, orders the same (the default locale).
const byCode = new Intl.Collator();

export class CourseRef {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'POC-101' })
  code: string;
  @ApiProperty({ example: 'Protection of Civilians' })
  title: string;

  static from(course: Pick<Course, 'id' | 'code' | 'title'>): CourseRef {
    return { id: course.id, code: course.code, title: course.title };
  }
}

export class CourseResponse extends CourseRef {
  @ApiPropertyOptional()
  summary?: string;
  @ApiPropertyOptional()
  description?: string;
  @ApiProperty({ enum: COURSE_CATEGORIES })
  category: CourseCategory;
  @ApiProperty({ enum: DELIVERY_MODES })
  deliveryMode: DeliveryMode;
  @ApiProperty({ example: 'en' })
  language: string;
  @ApiProperty()
  durationHours: number;
  @ApiProperty()
  passMark: number;
  @ApiProperty({ enum: COURSE_STATUSES })
  status: CourseStatus;
  @ApiProperty({ type: [String], format: 'uuid' })
  prerequisiteCourseIds: string[];
  @ApiProperty({ type: [CourseRef] })
  prerequisites: CourseRef[];
  @ApiPropertyOptional({ format: 'date-time' })
  publishedAt?: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  /** `course.prerequisites` must be loaded. */
  static override from(course: Course): CourseResponse {
    const prerequisites = [...(course.prerequisites ?? [])].sort((a, b) => byCode.compare(a.code, b.code));
    // Written out rather than spread from CourseRef.from: building 20 of these per catalog page showed in profiles.
    return {
      id: course.id,
      code: course.code,
      title: course.title,
      summary: course.summary ?? undefined,
      description: course.description ?? undefined,
      category: course.category,
      deliveryMode: course.deliveryMode,
      language: course.language,
      durationHours: course.durationHours,
      passMark: course.passMark,
      status: course.status,
      prerequisiteCourseIds: prerequisites.map((p) => p.id),
      prerequisites: prerequisites.map((p) => CourseRef.from(p)),
      publishedAt: course.publishedAt?.toISOString(),
      createdAt: course.createdAt.toISOString(),
      updatedAt: course.updatedAt.toISOString(),
    };
  }
}

export class CoursePage extends pageOf(CourseResponse) {}
