import { Client } from 'pg';

/**
 * A fingerprint of every application table: row count and a hash of its rows, all tables in one
 * query (suites that attack take one before and after each request). The audit log is left out
 * on purpose: it records refused logins and reads by design (an attack on the login is evidence
 * to keep), so a hostile request may add to it; it is append-only, so it cannot hide a change to
 * the other tables either.
 */
export async function tableFingerprints(db: Client): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_events', 'migrations')
      ORDER BY table_name`,
  );
  if (tables.length === 0) return {};
  const { rows } = await db.query<{ name: string; count: string; digest: string | null }>(
    tables
      .map(
        ({ table_name: table }) =>
          `SELECT '${table}' AS name, count(*) AS count, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS digest FROM "${table}" t`,
      )
      .join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((row) => [row.name, `${row.count} rows ${row.digest ?? '-'}`]));
}

/** Fingerprints once the background relay has settled (two equal readings a little apart). */
export async function settledFingerprints(db: Client): Promise<Record<string, string>> {
  let previous = await tableFingerprints(db);
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const current = await tableFingerprints(db);
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
  return previous;
}

/** The tables whose fingerprint differs, with how (`persons: 5 rows ... -> 6 rows ...`). */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table] ?? '(none)'} -> ${after[table] ?? '(none)'}`);
}
