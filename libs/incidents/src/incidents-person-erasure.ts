import { affectedRows, FieldEncryption, PersonErasureParticipant } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { INCIDENT_FIELDS } from './incident-encrypted-columns';

/**
 * What incidents does when a person is erased. Incidents, acts, perpetrators, consents and reviews
 * stay, with their codes, dates and places, so statistics and exports count the same; the person's
 * acts keep pointing at the anonymized person record (sex, birth year, nationality still give the
 * age band). The injury details of their acts and the descriptions of the perpetrators of those
 * acts go. Where the person is the only victim on record, the account is theirs: the narrative and
 * the review note become empty, and the place description, witnesses note, coordinates and every
 * injury and perpetrator description of the incident go. An incident that other recorded persons
 * suffered too keeps its narrative: it is theirs as well. Retention leaves a person alone while an
 * incident they suffered is still waiting for review.
 */
@Injectable()
export class IncidentsPersonErasure implements PersonErasureParticipant {
  constructor(private readonly encryption: FieldEncryption) {}

  readonly retentionHold = `EXISTS (SELECT 1 FROM incident_acts incidents_held_act
         JOIN incidents incidents_held ON incidents_held.id = incidents_held_act.incident_id
        WHERE incidents_held_act.victim_person_id = p.id AND incidents_held.status = 'submitted')`;

  async anonymize(manager: EntityManager, personId: string): Promise<Record<string, number>> {
    const soleVictimOf = (
      (await manager.query(
        `SELECT a.incident_id AS id FROM incident_acts a
          WHERE a.victim_person_id = $1
            AND NOT EXISTS (SELECT 1 FROM incident_acts other
                             WHERE other.incident_id = a.incident_id AND other.victim_person_id <> $1)
          GROUP BY a.incident_id`,
        [personId],
      )) as { id: string }[]
    ).map((row) => row.id);

    let incidents = 0;
    let reviews = 0;
    for (const incidentId of soleVictimOf) {
      incidents += await affectedRows(
        manager,
        `UPDATE incidents SET narrative_ciphertext = $2, location_description_ciphertext = NULL,
                witnesses_note_ciphertext = NULL, latitude = NULL, longitude = NULL, updated_at = now()
          WHERE id = $1`,
        [incidentId, this.encryption.encrypt('', INCIDENT_FIELDS.narrative, incidentId)],
      );
      // At most one review per incident; its note is bound to the review's own id.
      const [review] = (await manager.query('SELECT id FROM incident_reviews WHERE incident_id = $1', [
        incidentId,
      ])) as { id: string }[];
      if (review) {
        reviews += await affectedRows(manager, 'UPDATE incident_reviews SET note_ciphertext = $2 WHERE id = $1', [
          review.id,
          this.encryption.encrypt('', INCIDENT_FIELDS.reviewNote, review.id),
        ]);
      }
    }
    const acts = await affectedRows(
      manager,
      `UPDATE incident_acts SET injury_details_ciphertext = NULL
        WHERE (victim_person_id = $1 OR incident_id = ANY($2::uuid[])) AND injury_details_ciphertext IS NOT NULL`,
      [personId, soleVictimOf],
    );
    const involvements = await affectedRows(
      manager,
      `UPDATE incident_involvements SET description_ciphertext = NULL
        WHERE description_ciphertext IS NOT NULL
          AND act_id IN (SELECT id FROM incident_acts WHERE victim_person_id = $1 OR incident_id = ANY($2::uuid[]))`,
      [personId, soleVictimOf],
    );
    return {
      incidents,
      incidentActs: acts,
      incidentInvolvements: involvements,
      incidentReviews: reviews,
    };
  }
}
