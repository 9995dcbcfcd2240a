import { Actor, AuditService } from '@albergue/access';
import { RequestValidationError } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { ConsentDto } from './incident-consent.dto';
import { IncidentConsentEntity } from './incident-consent.entity';
import { findVisibleIncident } from './incident-scope';
import type { ConsentView } from './incident.view';

/**
 * Consent is kept as a history: taking, changing and withdrawing it each add a version, and the
 * highest version is in force. Withdrawing is recording level `none`.
 */
@Injectable()
export class IncidentConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** POST /incidents/:id/consent: a new version of the incident's consent. */
  async record(actor: Actor, incidentId: string, dto: ConsentDto): Promise<ConsentView> {
    checkConsent(dto, '');
    return this.dataSource.transaction(async (manager) => {
      await findVisibleIncident(manager, actor, incidentId, { lock: true });
      const current = await this.inForce(manager, incidentId);
      const consent = await this.insert(manager, actor, incidentId, dto, current);
      await this.audit.record(
        actor,
        {
          action: 'consent',
          entityType: 'incident',
          entityId: incidentId,
          details: { level: consent.level, version: consent.version, withdrawn: consent.withdrawn },
        },
        manager,
      );
      return toConsentView(consent);
    });
  }

  /**
   * Adds the next version inside the caller's transaction; `current` is the consent in force, none
   * for a new incident. The caller holds the incident's row lock, so versions never race.
   */
  async insert(
    manager: EntityManager,
    actor: Actor,
    incidentId: string,
    dto: ConsentDto,
    current: IncidentConsentEntity | null,
  ): Promise<IncidentConsentEntity> {
    return manager.save(IncidentConsentEntity, {
      incidentId,
      version: (current?.version ?? 0) + 1,
      level: dto.level,
      recipients: dto.recipients ?? [],
      withdrawn: dto.level === 'none' && current !== null && current.level !== 'none',
      takenBy: actor.userId,
    });
  }

  /** Every version, oldest first. */
  async history(manager: EntityManager, incidentId: string): Promise<ConsentView[]> {
    const rows = await manager.find(IncidentConsentEntity, { where: { incidentId }, order: { version: 'ASC' } });
    return rows.map(toConsentView);
  }

  private inForce(manager: EntityManager, incidentId: string): Promise<IncidentConsentEntity | null> {
    return manager.findOne(IncidentConsentEntity, { where: { incidentId }, order: { version: 'DESC' } });
  }
}

/** Refuses recipients for a consent of level none; `prefix` places the field in the request. */
export function checkConsent(dto: ConsentDto, prefix: string): void {
  if (dto.level === 'none' && (dto.recipients?.length ?? 0) > 0) {
    throw new RequestValidationError([
      { field: `${prefix}recipients`, message: 'a consent of level none has no recipients' },
    ]);
  }
}

function toConsentView(consent: IncidentConsentEntity): ConsentView {
  return {
    version: consent.version,
    level: consent.level,
    recipients: consent.recipients,
    withdrawn: consent.withdrawn,
    takenBy: consent.takenBy,
    takenAt: consent.takenAt,
  };
}
