import type { ExportEntity } from './export.entity';
import type { DeliveryStatus } from './webhook-delivery.entity';
import type { Dataset, ExportFormat, ExportStatus } from './export-vocabularies';

/** A webhook notification of the export, for the people who run the exchange. */
export interface DeliveryView {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
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
  sha256: string | null;
  error?: string;
  deliveries: DeliveryView[];
  createdAt: Date;
  completedAt: Date | null;
}

export function toExportView(entity: ExportEntity, deliveries: DeliveryView[] = []): ExportView {
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
    sha256: entity.sha256,
    ...(entity.error ? { error: entity.error } : {}),
    deliveries,
    createdAt: entity.createdAt,
    completedAt: entity.completedAt,
  };
}
