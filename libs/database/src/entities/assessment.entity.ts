import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericColumn } from './numeric-column.js';
import type { AssessmentKind, AttemptPolicy, QuizQuestion } from '@amahoro/domain/assessments/grading.rules.js';


@Entity({ name: 'assessments' })
export class Assessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'offering_id', type: 'uuid' })
  offeringId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  kind: AssessmentKind;

  /** Share of the final score, in percent; an offering's weights sum to 100 before it is finalised. */
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: numericColumn })
  weight: number;

  /** For a quiz, the sum of its questions' points. */
  @Column({ name: 'max_score', type: 'numeric', precision: 8, scale: 2, transformer: numericColumn })
  maxScore: number;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** null: as many attempts as the trainee likes. */
  @Column({ name: 'max_attempts', type: 'int', nullable: true })
  maxAttempts: number | null;

  @Column({ name: 'attempt_policy', type: 'text', default: 'best' })
  attemptPolicy: AttemptPolicy;

  /** Quizzes only, answer keys included: never sent to trainees. */
  @Column({ type: 'jsonb', nullable: true })
  questions: QuizQuestion[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
