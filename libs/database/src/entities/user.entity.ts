import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language } from '@amahoro/domain/notifications/notification.rules.js';
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

  /** The nominating authority a focal point acts for (only focal points have one). */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  /** The language of the person's e-mails, certificates and interface. */
  @Column({ name: 'preferred_language', type: 'text', default: 'en' })
  preferredLanguage: Language;

  /** Proven by a verification, invitation or reset link; admin-created accounts with a password start verified. */
  @Column({ name: 'email_verified', type: 'boolean', default: false })
  emailVerified: boolean;

  /** Only the notification switches the person turned off or on (see effectiveSettings). */
  @Column({ name: 'notification_settings', type: 'jsonb', default: {} })
  notificationSettings: Record<string, boolean>;

  /** The secret of the person's calendar feed URL; null until first asked for. */
  @Column({ name: 'calendar_token', type: 'text', nullable: true, select: false })
  calendarToken: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
