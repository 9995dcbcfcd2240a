import type { Language } from '@albergue/platform';

import type { ExportEntity } from './export.entity';
import { EXPORT_FAILURES, ExportFailureCode, isExportFailureCode } from './exports.errors';
import type { DeliveryStatus } from './webhook-delivery.entity';
import type { Dataset, ExportFormat, ExportStatus } from './export-vocabularies';

/** A webhook notification of the export, for the people who run the exchange. */
export interface DeliveryView {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  /** Why the last attempt got no answer, e.g. `webhook_url_not_allowed`, `network_error`, `timeout`. */
  lastErrorCode: string | null;
  lastAttemptAt: Date | null;
}

export interface ExportView {
  id: string;
  partnerId: string;
  dataset: Dataset;
  format: ExportFormat;
  from: string;
  to: string;
  status: ExportStatus;
  progress: number;
  rowCount: number | null;
  /** A completed de-identified export: k, quasi-identifier values generalized, rows suppressed. */
  disclosureControl?: { k: number; generalizedValues: number; suppressedRows: number };
  sha256: string | null;
  /** Why it failed, in the caller's language; never the raw error. */
  error?: string;
  errorCode?: ExportFailureCode;
  deliveries: DeliveryView[];
  createdAt: Date;
  completedAt: Date | null;
}

/** An export as `GET /exports` lists it: its state, without the webhook deliveries. */
export type ExportListItem = Omit<ExportView, 'deliveries'>;

/** One act that went out in an export, as `GET /exports/:id/disclosures` lists it. */
export interface ExportDisclosureView {
  exportId: string;
  partnerId: string;
  incidentId: string;
  actId: string;
  /** When the batch holding the act was logged, while the file was being written. */
  disclosedAt: Date;
}

export function toExportView(
  entity: ExportEntity,
  deliveries: DeliveryView[] = [],
  language: Language = 'es',
): ExportView {
  // A code this version does not know (written by a newer one) reads as internal.
  const errorCode = entity.errorCode && (isExportFailureCode(entity.errorCode) ? entity.errorCode : 'internal');
  return {
    id: entity.id,
    partnerId: entity.partnerId,
    dataset: entity.dataset,
    format: entity.format,
    from: entity.from,
    to: entity.to,
    status: entity.status,
    progress: entity.progress,
    rowCount: entity.rowCount,
    ...(entity.anonymityK !== null
      ? {
          disclosureControl: {
            k: entity.anonymityK,
            generalizedValues: entity.generalizedValues ?? 0,
            suppressedRows: entity.suppressedRows ?? 0,
          },
        }
      : {}),
    sha256: entity.sha256,
    ...(errorCode ? { error: EXPORT_FAILURES[errorCode][language], errorCode } : {}),
    deliveries,
    createdAt: entity.createdAt,
    completedAt: entity.completedAt,
  };
}
