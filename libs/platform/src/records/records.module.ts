import { Global, Module } from '@nestjs/common';

import { PersonErasureRegistry } from '../erasure/person-erasure.registry';
import { RecordOwnerRegistry } from './record-owner.registry';

/**
 * The registries through which modules take part in what spans them all: erasing a person, and
 * the scope of what is attached to a record. One instance each per process.
 */
@Global()
@Module({
  providers: [PersonErasureRegistry, RecordOwnerRegistry],
  exports: [PersonErasureRegistry, RecordOwnerRegistry],
})
export class RecordsModule {}
