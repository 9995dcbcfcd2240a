import { Actor, AuditService } from '@albergue/access';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { HouseholdEntity, HouseholdMemberEntity } from './household.entity';
import type { CreateHouseholdDto } from './intake.dto';
import { DuplicateMember, UnknownPerson } from './intake.errors';
import { PersonsService } from './persons.service';

@Injectable()
export class HouseholdsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly persons: PersonsService,
    private readonly audit: AuditService,
  ) {}

  /** Groups persons the actor can see into a household (an intake does this by itself). */
  async create(actor: Actor, dto: CreateHouseholdDto): Promise<{ id: string; members: CreateHouseholdDto['members'] }> {
    const ids = dto.members.map((member) => member.personId);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) throw new DuplicateMember(`members[${index}].personId`);
    });
    return this.dataSource.transaction(async (manager) => {
      const visible = await this.persons
        .visibleQuery(actor, manager)
        .andWhere('p.id IN (:...ids)', { ids })
        .select('p.id')
        .getMany();
      ids.forEach((id, index) => {
        if (!visible.some((person) => person.id === id)) throw new UnknownPerson(`members[${index}].personId`);
      });
      const household = await manager.getRepository(HouseholdEntity).save({});
      await manager.insert(
        HouseholdMemberEntity,
        dto.members.map((member) => ({ householdId: household.id, ...member })),
      );
      await this.audit.record(
        actor,
        { action: 'create', entityType: 'household', entityId: household.id, details: { ids } },
        manager,
      );
      return { id: household.id, members: dto.members };
    });
  }
}
