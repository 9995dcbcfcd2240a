import { affectedRows } from '@albergue/platform';
import type { PersonErasureParticipant } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What the case file does when a person is erased: their notes are deleted. A note is nothing but
 * what was written about the person; unlike a stay or an application, it counts in no statistic,
 * so nothing of it is kept. Retention erases through the same registry, so it deletes them too.
 */
@Injectable()
export class CasefilePersonErasure implements PersonErasureParticipant {
  async anonymize(manager: EntityManager, personId: string): Promise<Record<string, number>> {
    return { caseNotes: await affectedRows(manager, 'DELETE FROM case_notes WHERE person_id = $1', [personId]) };
  }
}
