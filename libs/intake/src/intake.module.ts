import { AccessModule } from '@albergue/access';
import { contributeToRecordOwners, registerEncryptedColumns, registerVocabularies } from '@albergue/platform';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { HouseholdEntity, HouseholdMemberEntity } from './household.entity';
import { HouseholdsService } from './households.service';
import { INTAKE_ENCRYPTED_COLUMNS } from './intake-encrypted-columns';
import { PersonRecordOwner, StayRecordOwner } from './intake-record-owners';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';
import { INTAKE_VOCABULARIES } from './intake.vocabularies';
import { MatchingService } from './matching.service';
import { OccupancyHistoryService } from './occupancy-history.service';
import { PersonErasureService } from './person-erasure.service';
import { PersonEntity } from './person.entity';
import { PersonVisibilityRegistry } from './person-visibility.registry';
import { PersonsService } from './persons.service';
import { ShelterEntity } from './shelter.entity';
import { SheltersService } from './shelters.service';
import { StayTransferEntity } from './stay-transfer.entity';
import { StayTransfersService } from './stay-transfers.service';
import { CaseNumberSequenceEntity, StayEntity } from './stay.entity';
import { StaysService } from './stays.service';

export const intakeEntities = [
  ShelterEntity,
  PersonEntity,
  HouseholdEntity,
  HouseholdMemberEntity,
  StayEntity,
  CaseNumberSequenceEntity,
  StayTransferEntity,
];

/** Shelters, persons, households, stays and duplicate matching (docs/API.md, Intake). */
@Module({
  imports: [AccessModule, TypeOrmModule.forFeature(intakeEntities)],
  controllers: [IntakeController],
  providers: [
    SheltersService,
    PersonsService,
    PersonVisibilityRegistry,
    MatchingService,
    OccupancyHistoryService,
    HouseholdsService,
    IntakeService,
    StaysService,
    StayTransfersService,
    PersonErasureService,
    ...contributeToRecordOwners('person', PersonRecordOwner),
    ...contributeToRecordOwners('stay', StayRecordOwner),
    registerEncryptedColumns('intake', INTAKE_ENCRYPTED_COLUMNS),
    registerVocabularies('intake', INTAKE_VOCABULARIES),
  ],
  exports: [
    SheltersService,
    PersonsService,
    PersonVisibilityRegistry,
    MatchingService,
    StaysService,
    IntakeService,
    PersonErasureService,
  ],
})
export class IntakeModule {}
