import { EncryptedColumn, FieldEncryption, ReencryptedColumn, reencryptStaleColumns } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { PHONE_COLUMN } from './persons.service';
import { CHECKOUT_NOTE_COLUMN, NOTES_COLUMN } from './stays.service';

/** Every encrypted column of intake's tables. */
const INTAKE_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'persons', column: 'phone_ciphertext', field: PHONE_COLUMN },
  { table: 'stays', column: 'notes_ciphertext', field: NOTES_COLUMN },
  { table: 'stays', column: 'checkout_note_ciphertext', field: CHECKOUT_NOTE_COLUMN },
];

/** Brings intake's encrypted columns under the active key (`npm run keys:rotate`). */
@Injectable()
export class IntakeKeyRotationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly encryption: FieldEncryption,
  ) {}

  reencryptStale(batchSize: number): Promise<ReencryptedColumn[]> {
    return reencryptStaleColumns(this.dataSource, this.encryption, INTAKE_ENCRYPTED_COLUMNS, batchSize);
  }
}
