import { Actor, AuditService, AuditSubject } from '@albergue/access';
import { affectedRows, AnonymizedRows, NotFoundError, PersonErasureRegistry } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { PersonErased } from './intake.errors';
import { forgetNameWords, searchNameWords } from './name-words';
import { ErasureReason } from './person-erasure.dto';
import { PersonEntity } from './person.entity';

export interface PersonErasureResult {
  personId: string;
  reason: ErasureReason;
  erasedAt: Date;
  /** Rows anonymized per table (records are anonymized in place, never deleted: counts stay right). */
  anonymized: AnonymizedRows;
}

const PERSON = { es: 'La persona', en: 'The person' };

/**
 * Erases a person: in one transaction, intake's records and, through PersonErasureRegistry, those
 * of asylum, incidents and referrals are anonymized in place, and the erasure is audited (who,
 * when, which person, the reason code and row counts; never a value).
 */
@Injectable()
export class PersonErasureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly registry: PersonErasureRegistry,
  ) {}

  /** POST /persons/:id/erasure (admins): 404 for an unknown id, 409 for a person erased already. */
  async erase(actor: Actor, personId: string, reason: ErasureReason): Promise<PersonErasureResult> {
    return this.dataSource.transaction(async (manager) => {
      const person = await manager
        .getRepository(PersonEntity)
        .createQueryBuilder('p')
        .where('p.id = :personId', { personId })
        .setLock('pessimistic_write')
        .getOne();
      if (!person) throw new NotFoundError(PERSON);
      if (person.erasedAt) throw new PersonErased(person.erasedAt);
      return this.eraseLocked(manager, actor, personId, reason);
    });
  }

  /**
   * Erases a person whose row the caller's transaction holds FOR UPDATE and has found not erased
   * (retention decides that itself).
   */
  async eraseLocked(
    manager: EntityManager,
    subject: AuditSubject,
    personId: string,
    reason: ErasureReason,
  ): Promise<PersonErasureResult> {
    const anonymized: AnonymizedRows = {};
    for (const participant of this.registry.participants()) {
      Object.assign(anonymized, await participant.anonymize(manager, personId));
    }
    Object.assign(anonymized, await this.anonymizeIntakeRecords(manager, personId));
    const [{ erasedAt }] = (await manager.query('SELECT erased_at AS "erasedAt" FROM persons WHERE id = $1', [
      personId,
    ])) as { erasedAt: Date }[];
    await this.audit.record(
      subject,
      { action: 'erase', entityType: 'person', entityId: personId, details: { reason, ...anonymized } },
      manager,
    );
    return { personId, reason, erasedAt, anonymized };
  }

  /**
   * The person keeps sex, nationality and birth year (what occupancy, statistics and de-identified
   * exports count by); names, aliases, gender identity, birth date, place of origin, languages,
   * phone and its blind index go. Stays keep dates, shelter, case number, codes (reasons,
   * vulnerabilities, destination) and the deporting countries; their notes, the intended
   * destination and the dates of deportations go. Households keep their members.
   */
  private async anonymizeIntakeRecords(manager: EntityManager, personId: string): Promise<AnonymizedRows> {
    const [{ searchName }] = (await manager.query('SELECT search_name AS "searchName" FROM persons WHERE id = $1', [
      personId,
    ])) as { searchName: string }[];
    const persons = await affectedRows(
      manager,
      `UPDATE persons
          SET given_names = '', family_names = '', aliases = '{}', search_name = '', gender_identity = NULL,
              estimated_birth_year = birth_year, birth_date = NULL, place_of_origin = NULL, languages = '{}',
              phone_ciphertext = NULL, phone_index = NULL, erased_at = now(), updated_at = now()
        WHERE id = $1`,
      [personId],
    );
    const stays = await affectedRows(
      manager,
      `UPDATE stays
          SET notes_ciphertext = NULL, checkout_note_ciphertext = NULL, intended_destination = NULL,
              previous_deportations = (
                SELECT coalesce(jsonb_agg(jsonb_build_object('from', deportation -> 'from')), '[]'::jsonb)
                  FROM jsonb_array_elements(previous_deportations) deportation)
        WHERE person_id = $1`,
      [personId],
    );
    await forgetNameWords(manager, searchNameWords(searchName));
    return { persons, stays };
  }
}
