import { Actor, shelterScopeOf } from '@albergue/access';
import { RecordOwnerRegistry } from '@albergue/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { PersonsService } from './persons.service';

/** The roles that change persons and stays (PATCH /persons/:id, checkout): the desk. */
const DESK_ROLES = ['admin', 'coordinator', 'shelter_worker'];

/**
 * Persons and stays as owners of attachments (documents): a person is read by whoever sees it
 * (its shelters' staff, the lawyers of its applications) and changed by the desk of its shelters
 * while not erased; a stay by the staff of its shelter.
 */
@Injectable()
export class IntakeRecordOwners implements OnModuleInit {
  constructor(
    private readonly registry: RecordOwnerRegistry,
    private readonly persons: PersonsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      type: 'person',
      canRead: async (manager, actor: Actor, personId) =>
        (await this.persons.visibleQuery(actor, manager).andWhere('p.id = :personId', { personId }).getCount()) > 0,
      canChange: async (manager, actor: Actor, personId) =>
        DESK_ROLES.includes(actor.role) &&
        (await this.persons
          .visibleQuery(actor, manager)
          .andWhere('p.id = :personId AND p.erasedAt IS NULL', { personId })
          .getCount()) > 0,
      shelterIds: (manager, personId) =>
        this.ids(manager, 'SELECT DISTINCT shelter_id AS id FROM stays WHERE person_id = $1', [personId]),
      ownerIdsOfPerson: async (_manager, personId) => [personId],
    });
    const stayInScope = async (manager: EntityManager, actor: Actor, stayId: string): Promise<boolean> => {
      if (!DESK_ROLES.includes(actor.role)) return false;
      const scope = shelterScopeOf(actor);
      const rows = (await manager.query(
        'SELECT 1 FROM stays WHERE id = $1 AND ($2::uuid[] IS NULL OR shelter_id = ANY($2::uuid[]))',
        [stayId, scope],
      )) as unknown[];
      return rows.length > 0;
    };
    this.registry.register({
      type: 'stay',
      canRead: stayInScope,
      canChange: stayInScope,
      shelterIds: (manager, stayId) => this.ids(manager, 'SELECT shelter_id AS id FROM stays WHERE id = $1', [stayId]),
      ownerIdsOfPerson: (manager, personId) =>
        this.ids(manager, 'SELECT id FROM stays WHERE person_id = $1', [personId]),
    });
  }

  private async ids(manager: EntityManager, sql: string, parameters: unknown[]): Promise<string[]> {
    return ((await manager.query(sql, parameters)) as { id: string }[]).map(({ id }) => id);
  }
}
