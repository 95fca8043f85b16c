import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Gender, ParticipantCategory, Role } from '@amahoro/domain/users/user.types.js';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always lower case (see normalizeEmail); unique. */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'text', nullable: true })
  gender: Gender | null;

  /** ISO 3166-1 alpha-3. */
  @Column({ type: 'char', length: 3, nullable: true })
  nationality: string | null;

  @Column({ type: 'text', nullable: true })
  category: ParticipantCategory | null;

  @Column({ type: 'text', nullable: true })
  rank: string | null;

  @Column({ type: 'text', nullable: true })
  organization: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
