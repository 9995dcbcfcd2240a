export * from './age-bands';
export * from './incident-flags';
export * from './vocabularies';
