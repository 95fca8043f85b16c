import { Column, CreateDateColumn, Entity, Generated, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Offering } from './offering.entity.js';
import { numericColumn } from './numeric-column.js';
import { User } from './user.entity.js';
import type { EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';

@Entity({ name: 'enrollments' })
export class Enrollment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'offering_id', type: 'uuid' })
  offeringId: string;

  @ManyToOne(() => Offering)
  @JoinColumn({ name: 'offering_id' })
  offering: Offering;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Column({ type: 'text' })
  status: EnrollmentStatus;

  /** Arrival order within the database: the waitlist is served in this order. */
  @Column({ type: 'bigint', insert: false, update: false })
  @Generated('increment')
  seq: string;

  @Column({ name: 'final_score', type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numericColumn })
  finalScore: number | null;

  /** Why it was rejected or withdrawn, when given. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
