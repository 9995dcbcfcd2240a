import { Actor, shelterScopeOf } from '@albergue/access';
import { RecordOwnerAccess } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { PersonsService } from './persons.service';

/** The roles that change persons and stays (PATCH /persons/:id, checkout): the desk. */
const DESK_ROLES = ['admin', 'coordinator', 'shelter_worker'];

async function ids(manager: EntityManager, sql: string, parameters: unknown[]): Promise<string[]> {
  return ((await manager.query(sql, parameters)) as { id: string }[]).map(({ id }) => id);
}

/**
 * Persons as owners of attachments (documents): a person is read by whoever sees it (its shelters'
 * staff, the lawyers of its applications) and changed by the desk of its shelters while not erased.
 */
@Injectable()
export class PersonRecordOwner implements RecordOwnerAccess {
  constructor(private readonly persons: PersonsService) {}

  async canRead(manager: EntityManager, actor: Actor, personId: string): Promise<boolean> {
    return (await this.persons.visibleQuery(actor, manager).andWhere('p.id = :personId', { personId }).getCount()) > 0;
  }

  async canChange(manager: EntityManager, actor: Actor, personId: string): Promise<boolean> {
    return (
      DESK_ROLES.includes(actor.role) &&
      (await this.persons
        .visibleQuery(actor, manager)
        .andWhere('p.id = :personId AND p.erasedAt IS NULL', { personId })
        .getCount()) > 0
    );
  }

  shelterIds(manager: EntityManager, personId: string): Promise<string[]> {
    return ids(manager, 'SELECT DISTINCT shelter_id AS id FROM stays WHERE person_id = $1', [personId]);
  }

  async ownerIdsOfPerson(_manager: EntityManager, personId: string): Promise<string[]> {
    return [personId];
  }
}

/** Stays as owners of attachments (documents): read and changed by the desk of the stay's shelter. */
@Injectable()
export class StayRecordOwner implements RecordOwnerAccess {
  canRead(manager: EntityManager, actor: Actor, stayId: string): Promise<boolean> {
    return this.inScope(manager, actor, stayId);
  }

  canChange(manager: EntityManager, actor: Actor, stayId: string): Promise<boolean> {
    return this.inScope(manager, actor, stayId);
  }

  shelterIds(manager: EntityManager, stayId: string): Promise<string[]> {
    return ids(manager, 'SELECT shelter_id AS id FROM stays WHERE id = $1', [stayId]);
  }

  ownerIdsOfPerson(manager: EntityManager, personId: string): Promise<string[]> {
    return ids(manager, 'SELECT id FROM stays WHERE person_id = $1', [personId]);
  }

  private async inScope(manager: EntityManager, actor: Actor, stayId: string): Promise<boolean> {
    if (!DESK_ROLES.includes(actor.role)) return false;
    const rows = (await manager.query(
      'SELECT 1 FROM stays WHERE id = $1 AND ($2::uuid[] IS NULL OR shelter_id = ANY($2::uuid[]))',
      [stayId, shelterScopeOf(actor)],
    )) as unknown[];
    return rows.length > 0;
  }
}
