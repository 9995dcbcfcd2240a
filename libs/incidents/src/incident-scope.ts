import { Actor, shelterScopeOf } from '@albergue/access';
import { NotFoundError } from '@albergue/platform';
import { EntityManager } from 'typeorm';

import { IncidentEntity } from './incident.entity';

const INCIDENT = { es: 'El incidente', en: 'The incident' };

/** An incident of the actor's shelters (all for admins); any other answers 404 as if it did not exist. */
export async function findVisibleIncident(
  manager: EntityManager,
  actor: Actor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<IncidentEntity> {
  const builder = manager.getRepository(IncidentEntity).createQueryBuilder('i').where('i.id = :id', { id });
  const scope = shelterScopeOf(actor);
  if (scope !== null) builder.andWhere('i.shelterId = ANY(:scope)', { scope });
  if (options.lock) builder.setLock('pessimistic_write');
  const incident = await builder.getOne();
  if (!incident) throw new NotFoundError(INCIDENT);
  return incident;
}
