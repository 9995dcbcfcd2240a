import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { EntityManager } from 'typeorm';

import { contributeToRecordOwners, RecordOwnerAccess, RecordOwnerRegistry } from './record-owner.registry';

@Injectable()
class IncidentOwner implements RecordOwnerAccess {
  async canRead(): Promise<boolean> {
    return true;
  }
  async canChange(): Promise<boolean> {
    return false;
  }
  async shelterIds(): Promise<string[]> {
    return ['shelter'];
  }
  async ownerIdsOfPerson(_manager: EntityManager, personId: string): Promise<string[]> {
    return [`incident of ${personId}`];
  }
}

describe('RecordOwnerRegistry', () => {
  it('answers for a registered owner type while others are missing, and names a missing one', async () => {
    const module = await Test.createTestingModule({
      providers: [RecordOwnerRegistry, ...contributeToRecordOwners('incident', IncidentOwner)],
    }).compile();
    const registry = module.get(RecordOwnerRegistry);
    expect(registry.of('incident')).toBe(module.get(IncidentOwner));
    expect(() => registry.of('referral')).toThrow('record owner type referral is not registered in this process');
  });

  it('lists every owner type with its access only once all have registered', () => {
    const registry = new RecordOwnerRegistry();
    const owner = new IncidentOwner();
    registry.register('incident', owner);
    expect(() => registry.all()).toThrow(
      'record owners are not all registered in this process: person, stay, asylum_application, referral did not register',
    );
    for (const type of ['person', 'stay', 'asylum_application', 'referral'] as const) registry.register(type, owner);
    expect(registry.all().map(([type]) => type)).toEqual([
      'person',
      'stay',
      'asylum_application',
      'incident',
      'referral',
    ]);
  });
});
