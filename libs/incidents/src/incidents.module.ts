import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { IncidentActEntity } from './incident-act.entity';
import { IncidentConsentEntity } from './incident-consent.entity';
import { IncidentReviewEntity } from './incident-review.entity';
import { IncidentEntity } from './incident.entity';
import { InvolvementEntity } from './involvement.entity';

export const incidentEntities = [
  IncidentEntity,
  IncidentActEntity,
  InvolvementEntity,
  IncidentConsentEntity,
  IncidentReviewEntity,
];

/** Abuse incidents, their review and consent, and published statistics (API.md, Abuse incidents). */
@Module({ imports: [TypeOrmModule.forFeature(incidentEntities)] })
export class IncidentsModule {}
