import type { ExportEntity } from './export.entity';
import type { Dataset, ExportFormat, ExportStatus } from './export-vocabularies';

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
  deliveries: unknown[];
  createdAt: Date;
  completedAt: Date | null;
}

export function toExportView(entity: ExportEntity): ExportView {
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
    deliveries: [],
    createdAt: entity.createdAt,
    completedAt: entity.completedAt,
  };
}
