import { affectedRows, FieldEncryption, PersonErasureParticipant } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { REASON_COLUMN } from './referral-encrypted-columns';

/**
 * What referrals does when a person is erased. Referrals and their status history stay (service,
 * urgency, status, dates: what follow-up and overdue counts read); the reason becomes empty, the
 * status notes go, and nothing more of the person is shared with the receiving organization.
 * Retention leaves a person alone while a referral of theirs is pending or accepted.
 */
@Injectable()
export class ReferralsPersonErasure implements PersonErasureParticipant {
  constructor(private readonly encryption: FieldEncryption) {}

  readonly retentionHold = `EXISTS (SELECT 1 FROM referrals referrals_held
        WHERE referrals_held.person_id = p.id AND referrals_held.status IN ('pending', 'accepted'))`;

  async anonymize(manager: EntityManager, personId: string): Promise<Record<string, number>> {
    const ids = (
      (await manager.query('SELECT id FROM referrals WHERE person_id = $1', [personId])) as { id: string }[]
    ).map((row) => row.id);
    let referrals = 0;
    for (const id of ids) {
      referrals += await affectedRows(
        manager,
        `UPDATE referrals SET reason_ciphertext = $2, shared_fields = '{}', updated_at = now() WHERE id = $1`,
        [id, this.encryption.encrypt('', REASON_COLUMN, id)],
      );
    }
    const changes = await affectedRows(
      manager,
      `UPDATE referral_status_changes SET note_ciphertext = NULL
        WHERE referral_id = ANY($1::uuid[]) AND note_ciphertext IS NOT NULL`,
      [ids],
    );
    return { referrals, referralStatusChanges: changes };
  }
}
