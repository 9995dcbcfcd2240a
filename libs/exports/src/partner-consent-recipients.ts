import { ConsentRecipientRegistry } from '@albergue/incidents';
import { DirectoryService } from '@albergue/referrals';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import { PartnerEntity } from './partner.entity';

/**
 * Tells incidents which ids a consent may name: a partner, or a directory organization (whose
 * partners then receive what the consent allows). An export matches a consent by the partner's id
 * or its organization's id, never by a name.
 */
@Injectable()
export class PartnerConsentRecipients implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ConsentRecipientRegistry,
    private readonly directory: DirectoryService,
  ) {}

  onModuleInit(): void {
    this.registry.register(async (ids) => {
      const partners = await this.dataSource.getRepository(PartnerEntity).find({
        select: { id: true },
        where: { id: In(ids) },
      });
      const known = new Set(partners.map((partner) => partner.id));
      const organizations = await Promise.all(
        ids
          .filter((id) => !known.has(id))
          .map(async (id) => ((await this.directory.organizationExists(id)) ? id : null)),
      );
      return [...known, ...organizations.filter((id): id is string => id !== null)];
    });
  }
}
