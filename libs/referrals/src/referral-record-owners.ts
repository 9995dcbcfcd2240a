import { Actor, shelterScopeOf } from '@albergue/access';
import { RecordOwnerAccess } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

const DESK = ['admin', 'coordinator', 'shelter_worker'];

/**
 * Referrals as owners of attachments (documents): the staff of the referring shelter read and add;
 * the receiving organization's partners do not (they see only the shared person fields).
 */
@Injectable()
export class ReferralRecordOwner implements RecordOwnerAccess {
  canRead(manager: EntityManager, actor: Actor, referralId: string): Promise<boolean> {
    return this.inScope(manager, actor, referralId);
  }

  canChange(manager: EntityManager, actor: Actor, referralId: string): Promise<boolean> {
    return this.inScope(manager, actor, referralId);
  }

  async shelterIds(manager: EntityManager, referralId: string): Promise<string[]> {
    return (
      (await manager.query('SELECT from_shelter_id AS id FROM referrals WHERE id = $1', [referralId])) as {
        id: string;
      }[]
    ).map(({ id }) => id);
  }

  async ownerIdsOfPerson(manager: EntityManager, personId: string): Promise<string[]> {
    return ((await manager.query('SELECT id FROM referrals WHERE person_id = $1', [personId])) as { id: string }[]).map(
      ({ id }) => id,
    );
  }

  private async inScope(manager: EntityManager, actor: Actor, referralId: string): Promise<boolean> {
    if (!DESK.includes(actor.role)) return false;
    const rows = (await manager.query(
      'SELECT 1 FROM referrals WHERE id = $1 AND ($2::uuid[] IS NULL OR from_shelter_id = ANY($2::uuid[]))',
      [referralId, shelterScopeOf(actor)],
    )) as unknown[];
    return rows.length > 0;
  }
}
