import { PersonErasureRegistry } from '@albergue/intake';
import { affectedRows } from '@albergue/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What the case file does when a person is erased: their notes are deleted. A note is nothing but
 * what was written about the person; unlike a stay or an application, it counts in no statistic,
 * so nothing of it is kept. Retention erases through the same registry, so it deletes them too.
 */
@Injectable()
export class CasefilePersonErasure implements OnModuleInit {
  constructor(private readonly registry: PersonErasureRegistry) {}

  onModuleInit(): void {
    this.registry.register({
      module: 'casefile',
      anonymize: (manager, personId) => this.erase(manager, personId),
    });
  }

  private async erase(manager: EntityManager, personId: string): Promise<Record<string, number>> {
    return { caseNotes: await affectedRows(manager, 'DELETE FROM case_notes WHERE person_id = $1', [personId]) };
  }
}
