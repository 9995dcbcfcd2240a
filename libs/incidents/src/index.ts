export * from './age-bands';
export * from './incident-consent.entity';
export * from './incident-flags';
export * from './incident.entity';
export * from './incidents-key-rotation.service';
export * from './incidents.module';
export * from './mexican-states';
export * from './vocabularies';
