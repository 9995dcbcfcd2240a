import { affectedRows, PersonErasureParticipant } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Statuses after which nothing more is expected of an application. */
const ENDED_STATUSES = ['closed', 'withdrawn', 'abandoned'];

/**
 * What asylum does when a person is erased. Applications, dependents, events, deadlines and
 * reminders stay (grant rates and caseloads keep counting them); the free text of the events of the
 * applications where the person is the principal goes: lawyers' notes and late-filing
 * justifications tell the applicant's story. As a dependent the person is only a link to a record.
 * Retention leaves a person alone while an application of theirs is not closed, withdrawn or
 * abandoned, or changed within the retention period.
 */
@Injectable()
export class AsylumPersonErasure implements PersonErasureParticipant {
  readonly retentionHold = `EXISTS (SELECT 1 FROM asylum_applications asylum_held
         WHERE (asylum_held.person_id = p.id OR EXISTS (
                  SELECT 1 FROM asylum_application_dependents asylum_held_dependent
                   WHERE asylum_held_dependent.application_id = asylum_held.id AND asylum_held_dependent.person_id = p.id))
           AND (asylum_held.status NOT IN (${ENDED_STATUSES.map((status) => `'${status}'`).join(', ')})
                OR asylum_held.updated_at >= :retentionCutoff))`;

  async anonymize(manager: EntityManager, personId: string): Promise<Record<string, number>> {
    const events = await affectedRows(
      manager,
      `UPDATE asylum_events SET note_ciphertext = NULL, late_justification_ciphertext = NULL
        WHERE application_id IN (SELECT id FROM asylum_applications WHERE person_id = $1)
          AND (note_ciphertext IS NOT NULL OR late_justification_ciphertext IS NOT NULL)`,
      [personId],
    );
    return { asylumEvents: events };
  }
}
