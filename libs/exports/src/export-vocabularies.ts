import { defineVocabulary, VocabularyCodeOf } from '@albergue/platform';

/** What a data-sharing agreement may allow (docs/API.md, Exports). */
export const DATASET_VOCABULARY = defineVocabulary('datasets', {
  incidents_aggregate: { es: 'Incidentes: conteos agregados', en: 'Incidents: aggregate counts' },
  incidents_deidentified: {
    es: 'Incidentes: registros sin datos que identifiquen',
    en: 'Incidents: de-identified records',
  },
  incidents_identified: { es: 'Incidentes: registros con identificación', en: 'Incidents: identified records' },
});
export const DATASETS = DATASET_VOCABULARY.codes;
export type Dataset = VocabularyCodeOf<typeof DATASET_VOCABULARY>;

export const EXPORT_FORMAT_VOCABULARY = defineVocabulary('export-formats', {
  csv: { es: 'CSV', en: 'CSV' },
  hxl_csv: { es: 'CSV con etiquetas HXL', en: 'CSV with HXL hashtags' },
  json: { es: 'JSON', en: 'JSON' },
});
export const EXPORT_FORMATS = EXPORT_FORMAT_VOCABULARY.codes;
export type ExportFormat = VocabularyCodeOf<typeof EXPORT_FORMAT_VOCABULARY>;

export const EXPORT_STATUS_VOCABULARY = defineVocabulary('export-statuses', {
  queued: { es: 'En cola', en: 'Queued' },
  running: { es: 'En proceso', en: 'Running' },
  completed: { es: 'Terminada', en: 'Completed' },
  failed: { es: 'Fallida', en: 'Failed' },
});
export const EXPORT_STATUSES = EXPORT_STATUS_VOCABULARY.codes;
export type ExportStatus = VocabularyCodeOf<typeof EXPORT_STATUS_VOCABULARY>;

export const EXPORT_VOCABULARIES = [DATASET_VOCABULARY, EXPORT_FORMAT_VOCABULARY, EXPORT_STATUS_VOCABULARY];
