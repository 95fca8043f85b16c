import { Column, CreateDateColumn, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericColumn } from './numeric-column.js';
import { User } from './user.entity.js';
import { Course } from './course.entity.js';
import type { ApprovalMode } from '@amahoro/domain/courses/offering.rules.js';


@Entity({ name: 'offerings' })
export class Offering {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id' })
  course: Course;

  /** Calendar dates, YYYY-MM-DD. */
  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Column({ type: 'int' })
  capacity: number;

  /** Kept by the enrolment service inside the offering's row lock; a check constraint keeps it ≤ capacity. */
  @Column({ name: 'seats_taken', type: 'int', default: 0 })
  seatsTaken: number;

  @Column({ name: 'enrollment_opens_at', type: 'timestamptz' })
  enrollmentOpensAt: Date;

  @Column({ name: 'enrollment_closes_at', type: 'timestamptz' })
  enrollmentClosesAt: Date;

  @Column({ name: 'approval_mode', type: 'text' })
  approvalMode: ApprovalMode;

  @Column({ name: 'min_attendance_percent', type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numericColumn })
  minAttendancePercent: number | null;

  @ManyToMany(() => User)
  @JoinTable({
    name: 'offering_instructors',
    joinColumn: { name: 'offering_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'user_id', referencedColumnName: 'id' },
  })
  instructors: User[];

  /** Bumped when the dates change: the iCalendar SEQUENCE. */
  @Column({ name: 'schedule_sequence', type: 'int', default: 0 })
  scheduleSequence: number;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** Set when the offering is finalised. */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
