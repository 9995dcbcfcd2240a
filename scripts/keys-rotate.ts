import { parseArgs } from 'node:util';

import { migrations } from '@albergue/migrations';
import { loadConfigOrExit, PlatformModule, prepareDatabase } from '@albergue/platform';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { DOMAIN_MODULES } from '../apps/api/src/app.module';
import { rotateFieldEncryptionKeys } from './key-rotation';

/**
 * `npm run keys:rotate [-- --batch-size <n>]`: re-encrypts under the active field-encryption key
 * (the first of FIELD_ENCRYPTION_KEYS), bound to its row, every encrypted field still under an
 * older key or in the older format. Loads every module the API loads, so every module's encrypted
 * columns are registered. Safe to stop and run again; prints counts only, never a value.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'batch-size': { type: 'string', default: '500' } } });
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) {
    process.stderr.write('usage: npm run keys:rotate [-- --batch-size <1 to 10000, default 500>]\n');
    process.exit(2);
  }
  const config = loadConfigOrExit();
  await prepareDatabase(config, migrations, (line) => process.stdout.write(`${line}\n`));

  @Module({ imports: [PlatformModule.forRoot({ ...config, logLevel: 'warn' }), ...DOMAIN_MODULES] })
  class KeysRotateCliModule {}

  const app = await NestFactory.createApplicationContext(KeysRotateCliModule, { logger: ['error'] });
  try {
    const activeKeyId = config.secrets.fieldEncryptionKeys[0].id;
    process.stdout.write(`Re-encrypting under key ${activeKeyId}, ${batchSize} rows per transaction.\n`);
    const results = await rotateFieldEncryptionKeys(app, batchSize);
    process.stdout.write(`Every encrypted column of the database, as its module registered it (${results.length}):\n`);
    for (const { table, column, field, reencrypted, total, stale } of results) {
      process.stdout.write(
        `  ${table}.${column} (${field}): ${reencrypted} re-encrypted; ${total} values, ${stale} not under ${activeKeyId}\n`,
      );
    }
    const stale = results.reduce((sum, column) => sum + column.stale, 0);
    if (stale > 0) {
      process.stderr.write(
        `${stale} values were written under an older key meanwhile: restart every API and worker instance with ` +
          'the new FIELD_ENCRYPTION_KEYS and run keys:rotate again. Keep the old keys until a run ends with none.\n',
      );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `Every value of these columns is under ${activeKeyId}, bound to its row. Older keys may leave ` +
        'FIELD_ENCRYPTION_KEYS once no backup you may restore still needs them.\n',
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
