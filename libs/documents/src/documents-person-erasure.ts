import { AnonymizedRows, PersonErasureParticipant } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { DocumentsService } from './documents.service';

/**
 * What documents do when a person is erased (on request or by retention): the documents of the
 * person's own records lose their content, key and title; the metadata (kind, type, size, dates)
 * stays, flagged deleted, so counts stay right. Documents hold nothing that keeps a person.
 */
@Injectable()
export class DocumentsPersonErasure implements PersonErasureParticipant {
  constructor(private readonly documents: DocumentsService) {}

  async anonymize(manager: EntityManager, personId: string): Promise<AnonymizedRows> {
    return { documents: await this.documents.destroyForPerson(manager, personId) };
  }
}
