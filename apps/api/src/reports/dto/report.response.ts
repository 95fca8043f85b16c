import { ApiProperty } from '@nestjs/swagger';
import { OFFERING_STATUSES, type OfferingStatus } from '@amahoro/domain/courses/offering.rules.js';
import { CourseRef } from '../../courses/dto/course.response.js';

const PERCENT = 'Percentage 0–100 with 2 decimals';

/**
 * The figures of one set of enrolments (an offering, a course, the academy, or one group of a breakdown).
 * Every enrolment is counted once, in its current status; a trainee who re-applied after a withdrawal or a
 * rejection counts once per application.
 */
export class ReportFigures {
  @ApiProperty({ description: 'Every enrolment (application), whatever its status: the top of the funnel', example: 9 })
  applied: number;
  @ApiProperty({ description: 'Enrolments awaiting an admin’s decision (manual approval)', example: 0 })
  pending: number;
  @ApiProperty({ description: 'Enrolments currently approved: in the class, not yet finalised', example: 0 })
  approved: number;
  @ApiProperty({ description: 'Enrolments currently on the waitlist', example: 1 })
  waitlisted: number;
  @ApiProperty({ description: 'Enrolments still pending or waitlisted when the offering was finalised', example: 0 })
  notAdmitted: number;
  @ApiProperty({ example: 0 })
  rejected: number;
  @ApiProperty({ example: 1 })
  withdrawn: number;
  @ApiProperty({ description: 'Finalised and passed (final score and attendance met the requirements)', example: 4 })
  completed: number;
  @ApiProperty({ description: 'Finalised and not passed', example: 3 })
  failed: number;
  @ApiProperty({
    description: 'Finalised enrolments (completed + failed) whose final score reached the course’s current pass mark, whatever their attendance',
    example: 5,
  })
  passed: number;
  @ApiProperty({ type: Number, nullable: true, description: `completed / (completed + failed): the share of finalised trainees who completed the course. ${PERCENT}; null when none is finalised`, example: 57.14 })
  completionRate: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      `passed / (completed + failed): the share of finalised trainees whose final score reached the pass mark. ` +
      `It differs from completionRate by those who scored enough but failed on attendance. ${PERCENT}; null when none is finalised`,
    example: 71.43,
  })
  passRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean final score (0–100) of the finalised enrolments, 2 decimals; null when none is finalised', example: 68.29 })
  averageFinalScore: number | null;
  @ApiProperty({ description: 'Certificates currently issued (valid) for these enrolments', example: 0 })
  certificatesIssued: number;
  @ApiProperty({ description: 'Certificates revoked for these enrolments (a re-issue revokes the one it replaces)', example: 0 })
  certificatesRevoked: number;
  @ApiProperty({ description: 'Enrolments of women (gender female), among applied', example: 4 })
  women: number;
  @ApiProperty({ type: Number, nullable: true, description: `Women’s share of the applications: women / applied. ${PERCENT}; null when there is none`, example: 44.44 })
  womenShare: number | null;
  @ApiProperty({ description: 'Completed enrolments of women', example: 2 })
  womenCompleted: number;
  @ApiProperty({ type: Number, nullable: true, description: `Women’s share of the completions: womenCompleted / completed. ${PERCENT}; null when none completed`, example: 50 })
  womenShareOfCompleted: number | null;
}

export class GroupFigures extends ReportFigures {
  @ApiProperty({
    description:
      'The group: a gender (female, male, other, undisclosed, or unknown when not given), a participant category ' +
      '(military, police, civilian, or unknown), or a nationality (ISO 3166-1 alpha-3, or unknown)',
    example: 'female',
  })
  group: string;
}

/** Women's share within one participant category: the figure peace-operation academies report first. */
export class WomenShareByCategory {
  @ApiProperty({ enum: ['military', 'police', 'civilian', 'unknown'] })
  category: string;
  @ApiProperty({ description: 'Enrolments (applications) of the category' })
  applied: number;
  @ApiProperty({ description: 'Of which by women' })
  women: number;
  @ApiProperty({ type: Number, nullable: true, description: `women / applied. ${PERCENT}; null when the category has none` })
  womenShare: number | null;
  @ApiProperty({ description: 'Completed enrolments of the category' })
  completed: number;
  @ApiProperty({ description: 'Of which by women' })
  womenCompleted: number;
  @ApiProperty({ type: Number, nullable: true, description: `womenCompleted / completed. ${PERCENT}; null when none completed` })
  womenShareOfCompleted: number | null;
}

/** The figures in total and disaggregated by gender, participant category and nationality. */
export class ReportBreakdowns {
  @ApiProperty({ type: ReportFigures, description: 'All the enrolments together' })
  totals: ReportFigures;
  @ApiProperty({ type: [GroupFigures], description: 'female, male, other, undisclosed, unknown: always all five, in that order' })
  byGender: GroupFigures[];
  @ApiProperty({ type: [GroupFigures], description: 'military, police, civilian, unknown: always all four, in that order' })
  byCategory: GroupFigures[];
  @ApiProperty({ type: [GroupFigures], description: 'The nationalities present, alphabetically, then unknown' })
  byNationality: GroupFigures[];
  @ApiProperty({ type: [WomenShareByCategory], description: 'Women’s share per participant category (the same numbers as in byCategory, called out)' })
  womenShareByCategory: WomenShareByCategory[];
}

export class ReportOffering {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ type: CourseRef })
  course: CourseRef;
  @ApiProperty({ format: 'date' })
  startsOn: string;
  @ApiProperty({ format: 'date' })
  endsOn: string;
  @ApiProperty({ enum: OFFERING_STATUSES })
  status: OfferingStatus;
}

export class OfferingReport extends ReportBreakdowns {
  @ApiProperty({ type: ReportOffering })
  offering: ReportOffering;
}

export class SummaryScope extends ReportBreakdowns {
  @ApiProperty({ description: 'Offerings counted: those overlapping the date range, cancelled ones left out' })
  offerings: number;
  @ApiProperty({ description: 'Cancelled offerings overlapping the date range: their enrolments are not counted' })
  offeringsCancelled: number;
}

export class CourseSummary extends SummaryScope {
  @ApiProperty({ type: CourseRef })
  course: CourseRef;
}

export class SummaryReport {
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Offerings ending on or after this date (null: no lower bound)' })
  from: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Offerings starting on or before this date (null: no upper bound)' })
  to: string | null;
  @ApiProperty({ type: SummaryScope, description: 'The academy: every counted offering together' })
  total: SummaryScope;
  @ApiProperty({ type: [CourseSummary], description: 'Per course with an offering in the range, by course code' })
  courses: CourseSummary[];
}
