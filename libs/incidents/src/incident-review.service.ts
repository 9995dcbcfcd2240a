import { randomUUID } from 'node:crypto';

import { Actor, AuditService } from '@albergue/access';
import { FieldEncryption } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { INCIDENT_FIELDS } from './incident-encrypted-columns';
import type { ReviewIncidentDto } from './incident-review.dto';
import { IncidentReviewEntity } from './incident-review.entity';
import { findVisibleIncident } from './incident-scope';
import { IncidentEntity, IncidentStatus } from './incident.entity';
import type { ReviewView } from './incident.view';
import { IncidentAlreadyReviewed } from './incidents.errors';

export interface ReviewResult {
  id: string;
  status: IncidentStatus;
  review: ReviewView;
}

/** A coordinator verifies or rejects a submitted incident; only verified incidents are counted. */
@Injectable()
export class IncidentReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
  ) {}

  async review(actor: Actor, id: string, dto: ReviewIncidentDto): Promise<ReviewResult> {
    return this.dataSource.transaction(async (manager) => {
      const incident = await findVisibleIncident(manager, actor, id, { lock: true });
      if (incident.status !== 'submitted') throw new IncidentAlreadyReviewed(incident.status);
      const reviewId = randomUUID();
      const review = await manager.save(IncidentReviewEntity, {
        id: reviewId,
        incidentId: id,
        decision: dto.decision,
        noteCiphertext: this.encryption.encrypt(dto.note, INCIDENT_FIELDS.reviewNote, reviewId),
        reviewerId: actor.userId,
      });
      await manager.update(IncidentEntity, id, { status: dto.decision });
      await this.audit.record(
        actor,
        { action: 'review', entityType: 'incident', entityId: id, details: { decision: dto.decision } },
        manager,
      );
      return {
        id,
        status: dto.decision,
        review: { decision: dto.decision, note: dto.note, reviewerId: actor.userId, reviewedAt: review.reviewedAt },
      };
    });
  }
}
