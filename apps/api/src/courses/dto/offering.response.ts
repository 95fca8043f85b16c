import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Offering } from '@amahoro/database/entities/offering.entity.js';
import { APPROVAL_MODES, OFFERING_STATUSES, offeringStatus, type ApprovalMode, type OfferingStatus } from '@amahoro/domain/courses/offering.rules.js';
import { pageOf } from '../../common/pagination.js';
import { CourseRef } from './course.response.js';

export class PersonRef {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  fullName: string;
}

export class OfferingResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  courseId: string;
  @ApiProperty({ type: CourseRef })
  course: CourseRef;
  @ApiProperty({ format: 'date' })
  startsOn: string;
  @ApiProperty({ format: 'date' })
  endsOn: string;
  @ApiPropertyOptional()
  location?: string;
  @ApiProperty()
  capacity: number;
  @ApiProperty({ format: 'date-time' })
  enrollmentOpensAt: string;
  @ApiProperty({ format: 'date-time' })
  enrollmentClosesAt: string;
  @ApiProperty({ enum: APPROVAL_MODES })
  approvalMode: ApprovalMode;
  @ApiProperty({ type: [String], format: 'uuid' })
  instructorIds: string[];
  @ApiProperty({ type: [PersonRef] })
  instructors: PersonRef[];
  @ApiPropertyOptional()
  minAttendancePercent?: number;
  @ApiProperty({ enum: OFFERING_STATUSES })
  status: OfferingStatus;
  @ApiProperty({ description: 'approved + pending + completed + failed' })
  seatsTaken: number;
  @ApiProperty()
  seatsLeft: number;
  @ApiProperty()
  waitlistLength: number;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  /** `offering.course` and `offering.instructors` must be loaded. */
  static from(offering: Offering, waitlistLength: number, now = new Date()): OfferingResponse {
    const instructors = [...offering.instructors].sort((a, b) => a.fullName.localeCompare(b.fullName));
    return {
      id: offering.id,
      courseId: offering.courseId,
      course: CourseRef.from(offering.course),
      startsOn: offering.startsOn,
      endsOn: offering.endsOn,
      location: offering.location ?? undefined,
      capacity: offering.capacity,
      enrollmentOpensAt: offering.enrollmentOpensAt.toISOString(),
      enrollmentClosesAt: offering.enrollmentClosesAt.toISOString(),
      approvalMode: offering.approvalMode,
      instructorIds: instructors.map((i) => i.id),
      instructors: instructors.map((i) => ({ id: i.id, fullName: i.fullName })),
      minAttendancePercent: offering.minAttendancePercent ?? undefined,
      status: offeringStatus(offering, now),
      seatsTaken: offering.seatsTaken,
      seatsLeft: offering.capacity - offering.seatsTaken,
      waitlistLength,
      createdAt: offering.createdAt.toISOString(),
    };
  }
}

export class OfferingPage extends pageOf(OfferingResponse) {}
