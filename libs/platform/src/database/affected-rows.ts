import type { EntityManager } from 'typeorm';

/** Runs an UPDATE or DELETE and answers how many rows it changed (TypeORM gives [rows, count] for those). */
export async function affectedRows(manager: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const [, count] = (await manager.query(sql, parameters)) as [unknown, number];
  return count;
}
