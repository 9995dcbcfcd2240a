import { FieldEncryption, ReencryptedColumn, reencryptStaleColumns } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { INCIDENT_ENCRYPTED_COLUMNS } from './incident-encrypted-columns';

/** Brings the incidents' encrypted columns under the active key (`npm run keys:rotate`). */
@Injectable()
export class IncidentsKeyRotationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly encryption: FieldEncryption,
  ) {}

  reencryptStale(batchSize: number): Promise<ReencryptedColumn[]> {
    return reencryptStaleColumns(this.dataSource, this.encryption, INCIDENT_ENCRYPTED_COLUMNS, batchSize);
  }
}
