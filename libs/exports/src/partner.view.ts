import type { Dataset } from './export-vocabularies';
import type { PartnerEntity } from './partner.entity';

/** A partner as the API shows it: never its webhook secret nor its pseudonym key. */
export interface PartnerView {
  id: string;
  name: string;
  organizationId: string | null;
  pgpFingerprint: string;
  webhookUrl: string | null;
  webhookDisabledAt: Date | null;
  agreement: { datasets: Dataset[]; minCellSize: number; sexualViolenceDeidentified: boolean };
  createdAt: Date;
}

export function toPartnerView(partner: PartnerEntity): PartnerView {
  return {
    id: partner.id,
    name: partner.name,
    organizationId: partner.organizationId,
    pgpFingerprint: partner.pgpFingerprint,
    webhookUrl: partner.webhookUrl,
    webhookDisabledAt: partner.webhookDisabledAt,
    agreement: {
      datasets: partner.datasets,
      minCellSize: partner.minCellSize,
      sexualViolenceDeidentified: partner.sexualViolenceRecords,
    },
    createdAt: partner.createdAt,
  };
}
