import type { Actor } from '@albergue/access';
import { RecordOwnerRegistry } from '@albergue/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { applicationScopeOf } from './application-scope';

/**
 * Asylum applications as owners of attachments (documents): whoever sees an application (admins,
 * coordinators of the shelter following it, its lawyer) reads and adds to it, as they add events.
 * An erasure destroys the attachments of the applications where the person is the principal.
 */
@Injectable()
export class AsylumRecordOwners implements OnModuleInit {
  constructor(private readonly registry: RecordOwnerRegistry) {}

  onModuleInit(): void {
    const visible = async (manager: EntityManager, actor: Actor, applicationId: string): Promise<boolean> => {
      const scope = applicationScopeOf(actor);
      const builder = manager
        .createQueryBuilder()
        .select('1')
        .from('asylum_applications', 'a')
        .where('a.id = :applicationId', { applicationId });
      if (scope) builder.andWhere(scope.sql, scope.parameters);
      return (await builder.getRawMany()).length > 0;
    };
    this.registry.register({
      type: 'asylum_application',
      canRead: visible,
      canChange: visible,
      shelterIds: async (manager, applicationId) =>
        (
          (await manager.query('SELECT shelter_id AS id FROM asylum_applications WHERE id = $1', [applicationId])) as {
            id: string;
          }[]
        ).map(({ id }) => id),
      ownerIdsOfPerson: async (manager, personId) =>
        (
          (await manager.query('SELECT id FROM asylum_applications WHERE person_id = $1', [personId])) as {
            id: string;
          }[]
        ).map(({ id }) => id),
    });
  }
}
