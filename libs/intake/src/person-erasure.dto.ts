import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/**
 * Why a person is erased: a code, never free text, since the audit log that keeps it can never be
 * changed. `retention_period_expired` is the worker's; the others an admin's.
 */
export const ERASURE_REASONS = ['data_subject_request', 'safety_risk', 'legal_order', 'recorded_in_error'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number] | 'retention_period_expired';

export class PersonErasureDto {
  @ApiProperty({
    enum: ERASURE_REASONS,
    description:
      'data_subject_request: the person asked; safety_risk: keeping it endangers them; ' +
      'legal_order: a court or authority ordered it; recorded_in_error: the record should never have existed.',
  })
  @IsIn(ERASURE_REASONS)
  reason: (typeof ERASURE_REASONS)[number];
}
