import { AccessModule } from '@albergue/access';
import { registerEncryptedColumns, registerVocabularies } from '@albergue/platform';
import { IntakeModule } from '@albergue/intake';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ConsentRecipientRegistry } from './consent-recipient.registry';
import { IncidentActEntity } from './incident-act.entity';
import { INCIDENT_ENCRYPTED_COLUMNS } from './incident-encrypted-columns';
import { IncidentConsentEntity } from './incident-consent.entity';
import { IncidentConsentService } from './incident-consent.service';
import { IncidentReviewEntity } from './incident-review.entity';
import { IncidentReviewService } from './incident-review.service';
import { IncidentStatsController } from './incident-stats.controller';
import { IncidentStatsService } from './incident-stats.service';
import { IncidentEntity } from './incident.entity';
import { IncidentsErasureModule } from './incidents-erasure.module';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';
import { InvolvementEntity } from './involvement.entity';
import { MEXICAN_STATE_VOCABULARY } from './mexican-states';
import {
  ACT_TYPE_VOCABULARY,
  PERPETRATOR_TYPE_VOCABULARY,
  PLACE_TYPE_VOCABULARY,
  REPORTED_TO_VOCABULARY,
} from './vocabularies';

export const incidentEntities = [
  IncidentEntity,
  IncidentActEntity,
  InvolvementEntity,
  IncidentConsentEntity,
  IncidentReviewEntity,
];

/** Abuse incidents, their review and consent, and published statistics (docs/API.md, Abuse incidents). */
@Module({
  imports: [AccessModule, IntakeModule, IncidentsErasureModule, TypeOrmModule.forFeature(incidentEntities)],
  controllers: [IncidentsController, IncidentStatsController],
  providers: [
    IncidentsService,
    IncidentConsentService,
    IncidentReviewService,
    IncidentStatsService,
    ConsentRecipientRegistry,
    registerEncryptedColumns('incidents', INCIDENT_ENCRYPTED_COLUMNS),
    registerVocabularies('incidents', [
      ACT_TYPE_VOCABULARY,
      PERPETRATOR_TYPE_VOCABULARY,
      PLACE_TYPE_VOCABULARY,
      REPORTED_TO_VOCABULARY,
      MEXICAN_STATE_VOCABULARY,
    ]),
  ],
  exports: [ConsentRecipientRegistry],
})
export class IncidentsModule {}
