import { randomBytes, randomUUID } from 'node:crypto';

import { Actor, AuditService } from '@albergue/access';
import { APP_CONFIG, AppConfig, FieldEncryption, MIN_CELL_SIZE } from '@albergue/platform';
import { DirectoryService } from '@albergue/referrals';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { UnknownOrganization } from './exports.errors';
import { CreatePartnerDto } from './partner.dto';
import { PartnerEntity } from './partner.entity';
import { PSEUDONYM_KEY_COLUMN, WEBHOOK_SECRET_COLUMN } from './partner-encrypted-columns';
import { PartnerView, toPartnerView } from './partner.view';
import { checkPgpPublicKey } from './pgp-public-key';
import { checkWebhookUrl, HOST_RESOLVER, HostResolver } from './webhook-url';

/** Partners and their data-sharing agreements. */
@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly encryption: FieldEncryption,
    private readonly directory: DirectoryService,
    private readonly audit: AuditService,
    @Inject(HOST_RESOLVER) private readonly resolveHost: HostResolver,
  ) {}

  /** Registers a partner; the answer is the only time its webhook secret is shown. */
  async create(actor: Actor, dto: CreatePartnerDto): Promise<PartnerView & { webhookSecret: string }> {
    const key = await checkPgpPublicKey(dto.pgpPublicKey);
    const webhookUrl = dto.webhookUrl
      ? await checkWebhookUrl(dto.webhookUrl, this.config.exports.allowPrivateWebhookUrls, this.resolveHost)
      : null;
    if (dto.organizationId && !(await this.directory.organizationExists(dto.organizationId))) {
      throw new UnknownOrganization();
    }
    const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
    const partner = await this.dataSource.transaction(async (manager) => {
      const id = randomUUID();
      const saved = await manager.save(PartnerEntity, {
        id,
        name: dto.name,
        organizationId: dto.organizationId ?? null,
        pgpPublicKey: key.armored,
        pgpFingerprint: key.fingerprint,
        webhookUrl,
        webhookSecretCiphertext: this.encryption.encrypt(webhookSecret, WEBHOOK_SECRET_COLUMN, id),
        pseudonymKeyCiphertext: this.encryption.encrypt(randomBytes(32).toString('base64'), PSEUDONYM_KEY_COLUMN, id),
        datasets: dto.agreement.datasets,
        minCellSize: dto.agreement.minCellSize ?? MIN_CELL_SIZE,
        sexualViolenceRecords: dto.agreement.sexualViolenceDeidentified ?? false,
        createdBy: actor.userId,
      });
      await this.audit.record(actor, { action: 'create', entityType: 'partner', entityId: saved.id }, manager);
      return saved;
    });
    return { ...toPartnerView(partner), webhookSecret };
  }

  async list(): Promise<PartnerView[]> {
    const partners = await this.dataSource.getRepository(PartnerEntity).find({ order: { createdAt: 'ASC' } });
    return partners.map(toPartnerView);
  }

  findById(id: string): Promise<PartnerEntity | null> {
    return this.dataSource.getRepository(PartnerEntity).findOneBy({ id });
  }

  pseudonymKeyOf(partner: PartnerEntity): Buffer {
    return Buffer.from(
      this.encryption.decrypt(partner.pseudonymKeyCiphertext, PSEUDONYM_KEY_COLUMN, partner.id),
      'base64',
    );
  }
}
