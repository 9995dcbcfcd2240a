import { Injectable, Provider, Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { DomainError } from '../errors/domain.error';
import type { RequestMeta } from '../http/request-meta';
import { ContributionRegistry, contributeTo } from '../registry/contribution-registry';

/** The records a file can be attached to (API.md, Documents: ownerType). */
export const RECORD_OWNER_TYPES = ['person', 'stay', 'asylum_application', 'incident', 'referral'] as const;
export type RecordOwnerType = (typeof RECORD_OWNER_TYPES)[number];

/**
 * The caller as the owning modules see it: structurally the Actor of @albergue/access, which
 * platform cannot import (access stands on platform).
 */
export interface RecordOwnerActor extends RequestMeta {
  userId: string;
  role: string;
  shelterIds: string[];
  organizationId: string | null;
}

/**
 * What the module owning one kind of record answers about it, so that attachments (documents)
 * follow the record's own scope without knowing its tables. Every answer about an id the actor
 * may not see is the same as for an id that does not exist.
 */
export interface RecordOwnerAccess {
  /** True when the actor may read the record (then they read what is attached to it). */
  canRead(manager: EntityManager, actor: RecordOwnerActor, ownerId: string): Promise<boolean>;
  /** True when the actor may change the record (then they attach to it). */
  canChange(manager: EntityManager, actor: RecordOwnerActor, ownerId: string): Promise<boolean>;
  /** The shelters the record belongs to (a coordinator of one of them may delete attachments). */
  shelterIds(manager: EntityManager, ownerId: string): Promise<string[]>;
  /**
   * The records of this kind that are the person's own, whose attachments an erasure of the person
   * destroys (e.g. the person's stays; the applications where the person is the principal).
   */
  ownerIdsOfPerson(manager: EntityManager, personId: string): Promise<string[]>;
}

/**
 * Lets intake, asylum, incidents and referrals each say who reads and changes their records, so
 * that a module attaching things to them (documents) depends on platform only. Every owner type
 * must be registered in a process that serves attachments: a missing one fails loudly.
 */
@Injectable()
export class RecordOwnerRegistry extends ContributionRegistry<RecordOwnerAccess, RecordOwnerType> {
  protected readonly subject = 'record owners';
  protected override readonly required = RECORD_OWNER_TYPES;

  /** The access of one owner type, or an error when its module did not register in this process. */
  of(type: RecordOwnerType): RecordOwnerAccess {
    const access = this.contributionOf(type);
    if (!access) throw new Error(`record owner type ${type} is not registered in this process`);
    return access;
  }

  /** Every owner type with its access, or an error naming the owner types missing from this process. */
  all(): [RecordOwnerType, RecordOwnerAccess][] {
    return this.entries();
  }
}

/**
 * The one line by which a module says who reads and changes its records of one owner type: put it
 * among the module's providers, e.g. `contributeToRecordOwners('incident', IncidentRecordOwner)`
 * with the access an injectable class.
 */
export function contributeToRecordOwners(type: RecordOwnerType, access: Type<RecordOwnerAccess>): Provider[] {
  return [
    access,
    contributeTo(RecordOwnerRegistry, type, {
      inject: [access],
      useFactory: (instance: RecordOwnerAccess) => instance,
    }),
  ];
}

/** An upload bigger than the configured limit: nothing of it is kept. */
export class PayloadTooLarge extends DomainError {
  constructor(field: string, limitBytes: number) {
    super(
      'too_large',
      'payload_too_large',
      {
        es: `El archivo supera el límite de ${limitBytes} bytes; no se guardó nada.`,
        en: `The file exceeds the limit of ${limitBytes} bytes; nothing was stored.`,
      },
      [{ field, message: `larger than ${limitBytes} bytes` }],
      { limitBytes },
    );
  }
}
