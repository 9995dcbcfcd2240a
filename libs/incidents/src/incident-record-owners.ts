import { Actor, shelterScopeOf } from '@albergue/access';
import { RecordOwnerAccess } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

const SHELTER_STAFF = ['admin', 'coordinator', 'shelter_worker'];

/**
 * Incidents as owners of attachments (documents: evidence photos): the staff of the incident's
 * shelter read and add. An erasure destroys the attachments of the incidents whose only victim on
 * record is the person, as it empties their narrative; an incident others suffered keeps its files.
 */
@Injectable()
export class IncidentRecordOwner implements RecordOwnerAccess {
  canRead(manager: EntityManager, actor: Actor, incidentId: string): Promise<boolean> {
    return this.inScope(manager, actor, incidentId);
  }

  canChange(manager: EntityManager, actor: Actor, incidentId: string): Promise<boolean> {
    return this.inScope(manager, actor, incidentId);
  }

  async shelterIds(manager: EntityManager, incidentId: string): Promise<string[]> {
    return (
      (await manager.query('SELECT shelter_id AS id FROM incidents WHERE id = $1', [incidentId])) as {
        id: string;
      }[]
    ).map(({ id }) => id);
  }

  async ownerIdsOfPerson(manager: EntityManager, personId: string): Promise<string[]> {
    return (
      (await manager.query(
        `SELECT DISTINCT a.incident_id AS id FROM incident_acts a
          WHERE a.victim_person_id = $1
            AND NOT EXISTS (SELECT 1 FROM incident_acts other
                             WHERE other.incident_id = a.incident_id AND other.victim_person_id <> $1)`,
        [personId],
      )) as { id: string }[]
    ).map(({ id }) => id);
  }

  private async inScope(manager: EntityManager, actor: Actor, incidentId: string): Promise<boolean> {
    if (!SHELTER_STAFF.includes(actor.role)) return false;
    const rows = (await manager.query(
      'SELECT 1 FROM incidents WHERE id = $1 AND ($2::uuid[] IS NULL OR shelter_id = ANY($2::uuid[]))',
      [incidentId, shelterScopeOf(actor)],
    )) as unknown[];
    return rows.length > 0;
  }
}
