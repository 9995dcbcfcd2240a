import { parseArgs } from 'node:util';

import { readDatabaseUrl } from '@albergue/platform';

import { backupDatabase, DEFAULT_BACKUP_DIRECTORY } from './database-backup';

const USAGE = 'usage: npm run backup [-- --out <directory, or a path ending in .dump>]  (default: backups/)\n';

/**
 * `npm run backup`: dumps DATABASE_URL's database (pg_dump, custom format) into a new timestamped
 * file, with a manifest and a SHA-256 checksum beside it. Never overwrites a file.
 */
async function main(): Promise<void> {
  let out: string;
  try {
    const { values } = parseArgs({ options: { out: { type: 'string', default: DEFAULT_BACKUP_DIRECTORY } } });
    out = values.out;
  } catch {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const databaseUrl = readDatabaseUrl(process.env);
  const { file, manifestFile, checksumFile, manifest } = await backupDatabase({ databaseUrl, out });
  const rows = Object.values(manifest.rowCounts).reduce((sum, count) => sum + count, 0);
  process.stdout.write(
    `Backed up ${manifest.database}: ${Object.keys(manifest.rowCounts).length} tables, ${rows} rows, ` +
      `${manifest.migrations.length} migrations, ${manifest.bytes} bytes.\n` +
      `  ${file}\n  ${manifestFile}\n  ${checksumFile}\n  sha256 ${manifest.sha256}\n` +
      'Keep the keys in .env (FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY, TOKEN_SIGNING_KEY) with this backup, ' +
      'stored apart from it: the encrypted fields cannot be read without them.\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
