import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Flat on purpose: ids, field names, reasons; never a value of a person's record. */
export type AuditDetails = { [key: string]: string | number | boolean | null | string[] };

/**
 * Append-only record of who did or saw what. A trigger refuses UPDATE, DELETE and TRUNCATE,
 * so not even the application's own database user can rewrite it.
 */
@Entity('audit_events')
@Index('audit_events_entity_idx', ['entityType', 'entityId', 'id'])
@Index('audit_events_actor_idx', ['actorId', 'id'])
@Index('audit_events_occurred_at_idx', ['occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_role', type: 'text', nullable: true })
  actorRole: string | null;

  /** e.g. login, login_failed, create, update, read, list */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'inet', nullable: true })
  ip: string | null;

  /** Ids a list returned, fields changed (names, never values of the people recorded). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: AuditDetails;
}
