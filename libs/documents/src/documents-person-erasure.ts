import { PersonErasureRegistry } from '@albergue/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';

import { DocumentsService } from './documents.service';

/**
 * What documents do when a person is erased (on request or by retention): the documents of the
 * person's own records lose their content, key and title; the metadata (kind, type, size, dates)
 * stays, flagged deleted, so counts stay right. Documents hold nothing that keeps a person.
 */
@Injectable()
export class DocumentsPersonErasure implements OnModuleInit {
  constructor(
    private readonly registry: PersonErasureRegistry,
    private readonly documents: DocumentsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      module: 'documents',
      anonymize: async (manager, personId) => ({ documents: await this.documents.destroyForPerson(manager, personId) }),
    });
  }
}
