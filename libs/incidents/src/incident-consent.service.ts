import { Actor, AuditService } from '@albergue/access';
import { isUuid, NotFoundError, RequestValidationError } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { ConsentRecipientRegistry } from './consent-recipient.registry';
import { raisesConsent } from './consent-rules';
import type { ConsentDto } from './incident-consent.dto';
import { ConsentStatus, IncidentConsentEntity } from './incident-consent.entity';
import { findVisibleIncident } from './incident-scope';
import type { ConsentView } from './incident.view';
import { ConsentNotPending, UnknownConsentRecipient } from './incidents.errors';

const CONSENT_VERSION = { es: 'La versión del consentimiento', en: 'The consent version' };
const VERSION = /^[1-9][0-9]{0,8}$/;

/** The consent in force (latest effective version; none while the first one waits) and a raise waiting. */
interface ConsentState {
  inForce: IncidentConsentEntity | null;
  pending: IncidentConsentEntity | null;
}

/**
 * Consent is kept as a history: taking, changing and withdrawing it each add a version, and the
 * latest effective version is in force. Withdrawing is recording level `none`. A raise recorded by
 * a shelter worker (to identified, or reaching a recipient the consent in force did not) waits as
 * `pending` until a coordinator of the shelter or an admin confirms it; any later version cancels it.
 */
@Injectable()
export class IncidentConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly recipients: ConsentRecipientRegistry,
  ) {}

  /**
   * Checks a consent as given, before anything is written: no recipients with level none, and each
   * recipient the id of a partner or directory organization (a name is 422, naming the field).
   * `prefix` places the field in the request.
   */
  async check(dto: ConsentDto, prefix: string): Promise<void> {
    checkConsent(dto, prefix);
    const given = dto.recipients ?? [];
    const notAnId = given.findIndex((recipient) => !isUuid(recipient));
    if (notAnId >= 0) throw new UnknownConsentRecipient(`${prefix}recipients[${notAnId}]`);
    const ids = given.map((recipient) => recipient.toLowerCase());
    const [unknown] = await this.recipients.unknownAmong(ids);
    if (unknown !== undefined) throw new UnknownConsentRecipient(`${prefix}recipients[${ids.indexOf(unknown)}]`);
  }

  /** POST /incidents/:id/consent: a new version of the incident's consent. */
  async record(actor: Actor, incidentId: string, dto: ConsentDto): Promise<ConsentView> {
    await this.check(dto, '');
    return this.dataSource.transaction(async (manager) => {
      await findVisibleIncident(manager, actor, incidentId, { lock: true });
      const { consent, cancelled } = await this.insert(manager, actor, incidentId, dto);
      await this.audit.record(
        actor,
        {
          action: 'consent',
          entityType: 'incident',
          entityId: incidentId,
          details: {
            level: consent.level,
            version: consent.version,
            status: consent.status,
            withdrawn: consent.withdrawn,
            recipients: consent.recipients,
            ...(cancelled ? { cancelledVersion: cancelled.version } : {}),
          },
        },
        manager,
      );
      return toConsentView(consent);
    });
  }

  /**
   * Adds the next version inside the caller's transaction, which holds the incident's row lock (or
   * has just created it), so versions never race. A raise by someone who may not confirm it is
   * pending; a version waiting before is cancelled by this one.
   */
  async insert(
    manager: EntityManager,
    actor: Actor,
    incidentId: string,
    dto: ConsentDto,
  ): Promise<{ consent: IncidentConsentEntity; cancelled: IncidentConsentEntity | null }> {
    const versions = await manager.find(IncidentConsentEntity, { where: { incidentId }, order: { version: 'DESC' } });
    const { inForce, pending } = stateOf(versions);
    const next = {
      level: dto.level,
      recipients: [...new Set((dto.recipients ?? []).map((recipient) => recipient.toLowerCase()))],
      unmatchedRecipients: 0,
    };
    const status: ConsentStatus = raisesConsent(next, inForce) && !mayConfirm(actor) ? 'pending' : 'effective';
    if (pending) await this.decide(manager, actor, pending, 'cancelled');
    const consent = await manager.save(IncidentConsentEntity, {
      incidentId,
      version: (versions[0]?.version ?? 0) + 1,
      ...next,
      status,
      withdrawn: dto.level === 'none' && inForce !== null && inForce.level !== 'none',
      takenBy: actor.userId,
      decidedBy: null,
      decidedAt: null,
    });
    return { consent, cancelled: pending };
  }

  /** POST /incidents/:id/consent/:version/confirm or /decline: a coordinator of the shelter or an admin decides a raise. */
  async confirm(
    actor: Actor,
    incidentId: string,
    versionParam: string,
    decision: 'effective' | 'declined',
  ): Promise<ConsentView> {
    return this.dataSource.transaction(async (manager) => {
      await findVisibleIncident(manager, actor, incidentId, { lock: true });
      // Anything but a version number names no version (and never reaches Postgres out of range).
      const version = VERSION.test(versionParam) ? Number(versionParam) : null;
      const consent = version && (await manager.findOneBy(IncidentConsentEntity, { incidentId, version }));
      if (!consent) throw new NotFoundError(CONSENT_VERSION);
      if (consent.status !== 'pending') throw new ConsentNotPending(consent.status);
      await this.decide(manager, actor, consent, decision);
      await this.audit.record(
        actor,
        {
          action: decision === 'effective' ? 'consent_confirm' : 'consent_decline',
          entityType: 'incident',
          entityId: incidentId,
          details: { level: consent.level, version, takenBy: consent.takenBy },
        },
        manager,
      );
      return toConsentView(consent);
    });
  }

  /** The consent in force, the raise waiting, and every version, oldest first. */
  async history(
    manager: EntityManager,
    incidentId: string,
  ): Promise<{ inForce: ConsentView | null; pending: ConsentView | null; versions: ConsentView[] }> {
    const rows = await manager.find(IncidentConsentEntity, { where: { incidentId }, order: { version: 'DESC' } });
    const { inForce, pending } = stateOf(rows);
    return {
      inForce: inForce && toConsentView(inForce),
      pending: pending && toConsentView(pending),
      versions: rows.reverse().map(toConsentView),
    };
  }

  /** The only update a version takes (the database refuses any other): a pending one decided, once. */
  private async decide(
    manager: EntityManager,
    actor: Actor,
    consent: IncidentConsentEntity,
    status: Exclude<ConsentStatus, 'pending'>,
  ): Promise<void> {
    consent.status = status;
    consent.decidedBy = actor.userId;
    consent.decidedAt = new Date();
    await manager.update(
      IncidentConsentEntity,
      { id: consent.id },
      { status, decidedBy: consent.decidedBy, decidedAt: consent.decidedAt },
    );
  }
}

/** Coordinators (of the incident's shelter: the caller checked the scope) and admins confirm raises. */
const mayConfirm = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'coordinator';

/** `versions` newest first. */
function stateOf(versions: IncidentConsentEntity[]): ConsentState {
  return {
    inForce: versions.find((consent) => consent.status === 'effective') ?? null,
    pending: versions.find((consent) => consent.status === 'pending') ?? null,
  };
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
    unmatchedRecipients: consent.unmatchedRecipients,
    status: consent.status,
    withdrawn: consent.withdrawn,
    takenBy: consent.takenBy,
    takenAt: consent.takenAt,
    decidedBy: consent.decidedBy,
    decidedAt: consent.decidedAt,
  };
}
