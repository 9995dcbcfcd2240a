import { AppConfig } from '../config/app-config';
import { ensureDatabase, MigrationList, runMigrations } from './database-setup';

/** What every process does before it starts: create the database (not in production) and migrate. */
export async function prepareDatabase(
  config: AppConfig,
  migrations: MigrationList,
  log: (line: string) => void,
): Promise<void> {
  if (config.nodeEnv !== 'production' && (await ensureDatabase(config.databaseUrl))) {
    log(`created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
  }
  if (!config.runMigrations) return;
  const applied = await runMigrations(config.databaseUrl, migrations);
  if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
}
