import { AccessModule } from '@albergue/access';
import { ConsentRecipientRegistry, IncidentExportSource, IncidentsModule } from '@albergue/incidents';
import { contributeTo, QueueModule, registerEncryptedColumns, registerVocabularies } from '@albergue/platform';
import { ReferralsModule } from '@albergue/referrals';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ExportEntity } from './export.entity';
import { ExportDisclosureBatchEntity } from './export-disclosure-batch.entity';
import { ExportFileChunkEntity } from './export-file-chunk.entity';
import { ExportOutboxEntity } from './export-outbox.entity';
import { ExportOutboxRelay } from './export-outbox.relay';
import { ExportProcessor } from './export.processor';
import { EXPORT_VOCABULARIES } from './export-vocabularies';
import { ExportRunner } from './export-runner.service';
import { ExportsController } from './exports.controller';
import { EXPORTS_QUEUE, DELIVERIES_QUEUE } from './exports.queues';
import { ExportsService } from './exports.service';
import { PartnerEntity } from './partner.entity';
import { PartnerConsentRecipients } from './partner-consent-recipients';
import { EXPORTS_ENCRYPTED_COLUMNS } from './partner-encrypted-columns';
import { PartnersController } from './partners.controller';
import { PartnersService } from './partners.service';
import { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { HOST_RESOLVER, systemResolver } from './webhook-url';

const hostResolver = { provide: HOST_RESOLVER, useValue: systemResolver };

export const exportsEntities = [
  PartnerEntity,
  ExportEntity,
  ExportOutboxEntity,
  ExportFileChunkEntity,
  ExportDisclosureBatchEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
];

/** Partners, their agreements, export requests and files (docs/API.md, Exports): the API side. */
@Module({
  imports: [
    AccessModule,
    IncidentsModule,
    ReferralsModule,
    TypeOrmModule.forFeature(exportsEntities),
    QueueModule.forQueues(EXPORTS_QUEUE),
  ],
  controllers: [PartnersController, ExportsController],
  providers: [
    PartnersService,
    ExportsService,
    ExportOutboxRelay,
    PartnerConsentRecipients,
    contributeTo(ConsentRecipientRegistry, 'exports', {
      inject: [PartnerConsentRecipients],
      useFactory: (recipients: PartnerConsentRecipients) => (ids: string[]) => recipients.known(ids),
    }),
    hostResolver,
    registerEncryptedColumns('exports', EXPORTS_ENCRYPTED_COLUMNS),
    registerVocabularies('exports', EXPORT_VOCABULARIES),
  ],
})
export class ExportsModule {}

/**
 * What the worker runs of exports: building them and notifying partners' webhooks. It relays the
 * outbox too, so requests made while the API could not reach Redis still go out.
 */
@Module({
  imports: [TypeOrmModule.forFeature(exportsEntities), QueueModule.forWorker(EXPORTS_QUEUE, DELIVERIES_QUEUE)],
  providers: [
    ExportRunner,
    IncidentExportSource,
    ExportOutboxRelay,
    WebhookDeliveryService,
    hostResolver,
    ExportProcessor,
    WebhookDeliveryProcessor,
  ],
  exports: [ExportRunner, WebhookDeliveryService],
})
export class ExportsWorkerModule {}
