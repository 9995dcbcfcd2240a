import { AuditService } from '@albergue/access';
import { IncidentsKeyRotationService, IncidentsModule } from '@albergue/incidents';
import { IntakeKeyRotationService, IntakeModule } from '@albergue/intake';
import { FieldEncryption, ReencryptedColumn } from '@albergue/platform';
import { INestApplicationContext } from '@nestjs/common';

/** The modules whose tables hold encrypted fields; each re-encrypts its own. */
export const KEY_ROTATION_MODULES = [IntakeModule, IncidentsModule];

/**
 * Re-encrypts every encrypted field of the database made under a key other than the active one
 * (the first of FIELD_ENCRYPTION_KEYS), module by module, and audits the counts.
 */
export async function rotateFieldEncryptionKeys(
  app: INestApplicationContext,
  batchSize: number,
): Promise<ReencryptedColumn[]> {
  const results = [
    ...(await app.get(IntakeKeyRotationService).reencryptStale(batchSize)),
    ...(await app.get(IncidentsKeyRotationService).reencryptStale(batchSize)),
  ];
  await app.get(AuditService).record(
    { userId: null, role: null, requestId: 'keys-rotate-cli', ip: null },
    {
      action: 'rotate_keys',
      entityType: 'field_encryption',
      entityId: app.get(FieldEncryption).activeKeyId,
      details: Object.fromEntries(results.map(({ field, reencrypted }) => [field, reencrypted])),
    },
  );
  return results;
}
