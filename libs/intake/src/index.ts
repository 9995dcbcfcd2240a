export * from './intake-worker.module';
export * from './intake.module';
export * from './intake.service';
export * from './intake.vocabularies';
export * from './match-scoring';
export * from './matching.service';
export * from './name-normalization';
export * from './person-erasure.dto';
// The registry lives in platform (documents take part in erasures too); kept here for those who import it from intake.
export {
  AnonymizedRows,
  PERSON_DATA_MODULES,
  PersonDataModule,
  PersonErasureParticipant,
  PersonErasureRegistry,
} from '@albergue/platform';
export * from './person-erasure.service';
export * from './person.entity';
export * from './person.view';
export * from './person-visibility.registry';
export * from './persons.service';
export * from './retention.service';
export * from './shelter.entity';
export * from './shelters.service';
export * from './stays.service';
