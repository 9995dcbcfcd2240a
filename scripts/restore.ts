import { parseArgs } from 'node:util';

import { migrations } from '@albergue/migrations';
import { readDatabaseUrl } from '@albergue/platform';

import { restoreDatabase } from './database-backup';

const USAGE = 'usage: npm run restore -- <file.dump> [--clean]  (into DATABASE_URL; --clean empties it first)\n';

/**
 * `npm run restore -- <file.dump> [--clean]`: checks the dump against its manifest, restores it into
 * DATABASE_URL's database in one transaction (an empty one, unless --clean), then checks the
 * migrations and every table's row count against the manifest.
 */
async function main(): Promise<void> {
  let file: string;
  let clean: boolean;
  try {
    const { values, positionals } = parseArgs({
      options: { clean: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new Error(USAGE);
    file = positionals[0];
    clean = values.clean;
  } catch {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const databaseUrl = readDatabaseUrl(process.env);
  const result = await restoreDatabase({
    databaseUrl,
    file,
    clean,
    knownMigrations: migrations.map((migration) => migration.name),
  });
  process.stdout.write(
    `Restored ${result.database}: ${result.tables} tables, ${result.rows} rows, ${result.migrations} migrations; ` +
      'row counts and migrations match the manifest.\n',
  );
  if (result.unknownMigrations.length > 0) {
    process.stdout.write(
      `Warning: the backup has migrations this version does not know (${result.unknownMigrations.join(', ')}): ` +
        'run the version that made it.\n',
    );
  }
  if (result.pendingMigrations.length > 0) {
    process.stdout.write(`${result.pendingMigrations.length} newer migrations will run when the API starts.\n`);
  }
  process.stdout.write(
    'Start the API with the keys (.env) kept with this backup, or its encrypted fields stay unreadable.\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`restore failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
