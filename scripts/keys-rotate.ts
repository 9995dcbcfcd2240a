import { parseArgs } from 'node:util';

import { migrations } from '@albergue/migrations';
import { loadConfigOrExit, PlatformModule, prepareDatabase } from '@albergue/platform';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { KEY_ROTATION_MODULES, rotateFieldEncryptionKeys } from './key-rotation';

/**
 * `npm run keys:rotate [-- --batch-size <n>]`: re-encrypts under the active field-encryption key
 * (the first of FIELD_ENCRYPTION_KEYS) every encrypted field still under an older one. Safe to
 * stop and run again; prints counts only, never a value.
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

  @Module({ imports: [PlatformModule.forRoot({ ...config, logLevel: 'warn' }), ...KEY_ROTATION_MODULES] })
  class KeysRotateCliModule {}

  const app = await NestFactory.createApplicationContext(KeysRotateCliModule, { logger: ['error'] });
  try {
    const activeKeyId = config.secrets.fieldEncryptionKeys[0].id;
    process.stdout.write(`Re-encrypting under key ${activeKeyId}, ${batchSize} rows per transaction.\n`);
    for (const { field, reencrypted } of await rotateFieldEncryptionKeys(app, batchSize)) {
      process.stdout.write(`  ${field}: ${reencrypted} re-encrypted\n`);
    }
    process.stdout.write(
      `Every encrypted field is under ${activeKeyId}. Older keys may leave FIELD_ENCRYPTION_KEYS once no ` +
        'backup you may restore still needs them.\n',
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
