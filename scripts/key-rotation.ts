import { AuditService } from '@albergue/access';
import {
  EncryptedColumnRegistry,
  FieldEncryption,
  ReencryptedColumn,
  reencryptStaleColumns,
  unregisteredCiphertextColumns,
} from '@albergue/platform';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Re-encrypts every encrypted field of the database that is not yet under the active key (the
 * first of FIELD_ENCRYPTION_KEYS) or not yet bound to its row (the v1 format), walking the
 * columns every module registered in the EncryptedColumnRegistry, and audits the counts. Refuses
 * to start when a module did not register in this process, or when the database holds a
 * `%_ciphertext` column no module registered: either would be left under the old key.
 */
export async function rotateFieldEncryptionKeys(
  app: INestApplicationContext,
  batchSize: number,
): Promise<ReencryptedColumn[]> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const columns = app.get(EncryptedColumnRegistry).columns();
  const unregistered = await unregisteredCiphertextColumns(dataSource, columns);
  if (unregistered.length > 0) {
    throw new Error(
      `no module registered these encrypted columns, so they cannot be rotated: ${unregistered.join(', ')}`,
    );
  }
  const encryption = app.get(FieldEncryption);
  const results = await reencryptStaleColumns(dataSource, encryption, columns, batchSize);
  await app.get(AuditService).record(
    { userId: null, role: null, requestId: 'keys-rotate-cli', ip: null },
    {
      action: 'rotate_keys',
      entityType: 'field_encryption',
      entityId: encryption.activeKeyId,
      details: Object.fromEntries(results.map(({ field, reencrypted }) => [field, reencrypted])),
    },
  );
  return results;
}
