import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { registerEncryptedColumns } from '../../crypto/encrypted-column.registry';
import { IDEMPOTENCY_ENCRYPTED_COLUMNS } from './idempotency-encrypted-columns';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotencyService } from './idempotency.service';

/** The answers kept for `Idempotency-Key`s of every route, and their encrypted column. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKeyEntity])],
  providers: [IdempotencyService, registerEncryptedColumns('platform', IDEMPOTENCY_ENCRYPTED_COLUMNS)],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
