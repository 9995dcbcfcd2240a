import { DirectoryService } from '@albergue/referrals';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import { PartnerEntity } from './partner.entity';

/**
 * Tells incidents which ids a consent may name: a partner, or a directory organization (whose
 * partners then receive what the consent allows). An export matches a consent by the partner's id
 * or its organization's id, never by a name. Contributed to incidents' ConsentRecipientRegistry
 * by ExportsModule.
 */
@Injectable()
export class PartnerConsentRecipients {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryService,
  ) {}

  /** Which of these ids name a partner or a directory organization. */
  async known(ids: string[]): Promise<string[]> {
    const partners = await this.dataSource.getRepository(PartnerEntity).find({
      select: { id: true },
      where: { id: In(ids) },
    });
    const known = new Set(partners.map((partner) => partner.id));
    const organizations = await Promise.all(
      ids.filter((id) => !known.has(id)).map(async (id) => ((await this.directory.organizationExists(id)) ? id : null)),
    );
    return [...known, ...organizations.filter((id): id is string => id !== null)];
  }
}
