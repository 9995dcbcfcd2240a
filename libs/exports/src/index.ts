export * from './export-runner.service';
export * from './export-vocabularies';
export * from './exports.module';
export * from './exports.queues';
export * from './webhook-delivery.service';
export { EXPORT_FAILURES, ExportFailure, ExportFailureCode } from './exports.errors';
export { HOST_RESOLVER, HostResolver } from './webhook-url';
