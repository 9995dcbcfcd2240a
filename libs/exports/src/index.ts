// The door of the module: what other modules may use. Entities, repositories and internal services stay inside.
export { ExportRunner } from './export-runner.service';
export { exportsEntities, ExportsModule, ExportsWorkerModule } from './exports.module';
export { DELIVERIES_QUEUE, EXPORTS_QUEUE } from './exports.queues';
export { HOST_RESOLVER } from './webhook-url';
export type { HostResolver } from './webhook-url';
export * from './exports.errors';
export * from './export-vocabularies';
export type * from './export.view';
export type * from './partner.view';
export { ExportsService } from './exports.service';
export { PartnersService } from './partners.service';
