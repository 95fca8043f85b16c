import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericColumn } from './numeric-column.js';
import type { CourseCategory, CourseStatus, DeliveryMode } from '@amahoro/domain/courses/course.types.js';

@Entity({ name: 'courses' })
export class Course {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unique, upper case: POC-101. */
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  category: CourseCategory;

  @Column({ name: 'delivery_mode', type: 'text' })
  deliveryMode: DeliveryMode;

  /** ISO 639-1. */
  @Column({ type: 'text' })
  language: string;

  @Column({ name: 'duration_hours', type: 'int' })
  durationHours: number;

  /** 0–100: the weighted final score a trainee needs to pass. */
  @Column({ name: 'pass_mark', type: 'numeric', precision: 5, scale: 2, transformer: numericColumn })
  passMark: number;

  @Column({ type: 'text', default: 'draft' })
  status: CourseStatus;

  @ManyToMany(() => Course)
  @JoinTable({
    name: 'course_prerequisites',
    joinColumn: { name: 'course_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'prerequisite_id', referencedColumnName: 'id' },
  })
  prerequisites: Course[];

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
