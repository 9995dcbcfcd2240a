// The door of the module: what other modules may use. Entities, repositories and internal services stay inside.
export { ConsentRecipientRegistry } from './consent-recipient.registry';
export { AGE_BANDS, ageBandOf, ageBandSql, isChild, wideAgeBandSql } from './age-bands';
export { CONSENT_LEVELS } from './incident-consent.entity';
export { disclosableActsSelect, IncidentExportSource } from './incident-export-source.service';
export type {
  AggregateCount,
  DisclosableAct,
  DisclosableActText,
  DisclosureLevel,
  ExportRecipient,
} from './incident-export-source.service';
export { IncidentsErasureModule } from './incidents-erasure.module';
export { incidentEntities, IncidentsModule } from './incidents.module';
export * from './incidents.errors';
export * from './vocabularies';
export * from './mexican-states';
export type * from './incident.view';
export { IncidentsService } from './incidents.service';
export { IncidentReviewService } from './incident-review.service';
