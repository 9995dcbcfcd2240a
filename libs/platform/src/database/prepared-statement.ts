import { createHash } from 'node:crypto';

import type { PoolClient } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';

/**
 * A statement of a hot path (intake, matching, the key look-up of an idempotent request): run
 * under a name, so each pooled connection has Postgres parse and analyse it once instead of on
 * every call (TypeORM's `query` sends every statement unnamed). The name is a digest of the text,
 * so two statements can never share one. A text must come from a fixed set (parameters carry
 * everything that varies), so each connection holds a bounded number of them.
 *
 * Postgres still plans each of the first five executions for their parameters, then keeps a
 * generic plan only where it costs no more than those did (plan_cache_mode `auto`).
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** Every text named so far: the same text gets the same statement, a computed one included. */
const named = new Map<string, PreparedStatement>();
/** Far more texts than the code has: past it, some caller builds its text from values, not placeholders. */
const MOST_TEXTS = 500;

export function preparedStatement(text: string): PreparedStatement {
  let statement = named.get(text);
  if (!statement) {
    if (named.size >= MOST_TEXTS) {
      throw new Error(`more than ${MOST_TEXTS} prepared statement texts: a text carries values, not placeholders`);
    }
    statement = { name: `p_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
    named.set(text, statement);
  }
  return statement;
}

/**
 * Runs a prepared statement on the manager's connection (its transaction's, if it has one, or
 * one from the pool for this statement alone) and answers its rows. A failure is TypeORM's
 * QueryFailedError, as `manager.query` throws, so callers map constraints the same way.
 */
export async function runPrepared<T>(
  manager: EntityManager,
  statement: PreparedStatement,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    try {
      return (await client.query({ name: statement.name, text: statement.text, values })).rows as T[];
    } catch (error) {
      throw new QueryFailedError(statement.text, values, error as Error);
    }
  } finally {
    if (runner !== manager.queryRunner) await runner.release();
  }
}
