import type { Actor } from '@albergue/access';
import { RecordOwnerAccess } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { applicationScopeOf } from './application-scope';

/**
 * Asylum applications as owners of attachments (documents): whoever sees an application (admins,
 * coordinators of the shelter following it, its lawyer) reads and adds to it, as they add events.
 * An erasure destroys the attachments of the applications where the person is the principal.
 */
@Injectable()
export class AsylumApplicationRecordOwner implements RecordOwnerAccess {
  canRead(manager: EntityManager, actor: Actor, applicationId: string): Promise<boolean> {
    return this.visible(manager, actor, applicationId);
  }

  canChange(manager: EntityManager, actor: Actor, applicationId: string): Promise<boolean> {
    return this.visible(manager, actor, applicationId);
  }

  async shelterIds(manager: EntityManager, applicationId: string): Promise<string[]> {
    return (
      (await manager.query('SELECT shelter_id AS id FROM asylum_applications WHERE id = $1', [applicationId])) as {
        id: string;
      }[]
    ).map(({ id }) => id);
  }

  async ownerIdsOfPerson(manager: EntityManager, personId: string): Promise<string[]> {
    return (
      (await manager.query('SELECT id FROM asylum_applications WHERE person_id = $1', [personId])) as {
        id: string;
      }[]
    ).map(({ id }) => id);
  }

  private async visible(manager: EntityManager, actor: Actor, applicationId: string): Promise<boolean> {
    const scope = applicationScopeOf(actor);
    const builder = manager
      .createQueryBuilder()
      .select('1')
      .from('asylum_applications', 'a')
      .where('a.id = :applicationId', { applicationId });
    if (scope) builder.andWhere(scope.sql, scope.parameters);
    return (await builder.getRawMany()).length > 0;
  }
}
