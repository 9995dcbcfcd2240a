/** What a data-sharing agreement may allow (API.md, Exports). */
export const DATASETS = ['incidents_aggregate', 'incidents_deidentified', 'incidents_identified'] as const;
export type Dataset = (typeof DATASETS)[number];

export const EXPORT_FORMATS = ['csv', 'hxl_csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];
