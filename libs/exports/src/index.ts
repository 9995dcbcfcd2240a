export * from './export-runner.service';
export * from './export-vocabularies';
export * from './exports.module';
export * from './webhook-delivery.service';
