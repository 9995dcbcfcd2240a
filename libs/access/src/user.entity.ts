import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import { Role, ROLE_VOCABULARY } from './role';

@Entity('users')
@Check('users_role_check', ROLE_VOCABULARY.check('role'))
@Check('users_lawyer_without_shelters', `"role" <> 'lawyer' OR "shelter_ids" = '{}'`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so the unique index compares addresses case-insensitively. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  /** The shelters a coordinator or shelter worker works in: the scope of what they see (never a lawyer's). */
  @Column({ name: 'shelter_ids', type: 'uuid', array: true, default: () => "'{}'" })
  shelterIds: string[];

  /** The outside organization a partner user belongs to. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ name: 'failed_login_count', type: 'integer', default: 0 })
  failedLoginCount: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** Encrypted (FieldEncryption, `users.totp_secret`): set when enrollment starts; on once totpEnabledAt is set. */
  @Column({ name: 'totp_secret_ciphertext', type: 'text', nullable: true })
  totpSecretCiphertext: string | null;

  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** The 30-second step of the last code accepted: a code of that step or before is a replay. */
  @Column({ name: 'totp_last_used_step', type: 'bigint', nullable: true })
  totpLastUsedStep: string | null;

  @Column({ name: 'failed_totp_count', type: 'integer', default: 0 })
  failedTotpCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
