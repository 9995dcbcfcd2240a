import { ApiProperty } from '@nestjs/swagger';

import { ERASURE_REASONS, ERASURE_REASON_VOCABULARY } from './intake.vocabularies';

export type ErasureReason = (typeof ERASURE_REASONS)[number] | 'retention_period_expired';

export class PersonErasureDto {
  @ApiProperty({
    enum: ERASURE_REASONS,
    description:
      'data_subject_request: the person asked; safety_risk: keeping it endangers them; ' +
      'legal_order: a court or authority ordered it; recorded_in_error: the record should never have existed.',
  })
  @ERASURE_REASON_VOCABULARY.validator()
  reason: (typeof ERASURE_REASONS)[number];
}
