import { Actor, shelterScopeOf } from '@albergue/access';
import { RecordOwnerRegistry } from '@albergue/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';

const DESK = ['admin', 'coordinator', 'shelter_worker'];

/**
 * Referrals as owners of attachments (documents): the staff of the referring shelter read and add;
 * the receiving organization's partners do not (they see only the shared person fields).
 */
@Injectable()
export class ReferralRecordOwners implements OnModuleInit {
  constructor(private readonly registry: RecordOwnerRegistry) {}

  onModuleInit(): void {
    const inScope = async (manager: EntityManager, actor: Actor, referralId: string): Promise<boolean> => {
      if (!DESK.includes(actor.role)) return false;
      const rows = (await manager.query(
        'SELECT 1 FROM referrals WHERE id = $1 AND ($2::uuid[] IS NULL OR from_shelter_id = ANY($2::uuid[]))',
        [referralId, shelterScopeOf(actor)],
      )) as unknown[];
      return rows.length > 0;
    };
    this.registry.register({
      type: 'referral',
      canRead: inScope,
      canChange: inScope,
      shelterIds: async (manager, referralId) =>
        (
          (await manager.query('SELECT from_shelter_id AS id FROM referrals WHERE id = $1', [referralId])) as {
            id: string;
          }[]
        ).map(({ id }) => id),
      ownerIdsOfPerson: async (manager, personId) =>
        ((await manager.query('SELECT id FROM referrals WHERE person_id = $1', [personId])) as { id: string }[]).map(
          ({ id }) => id,
        ),
    });
  }
}
