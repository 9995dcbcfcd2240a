import { personAgeOn } from '@albergue/platform';

import { createIncident, incidentPayload } from '../factories/incident.factory';
import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn, randomUuid } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

const ARRIVAL = '2026-03-01T10:00:00-06:00';
const todayInMexico = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', dateStyle: 'short' }).format(new Date());

interface IntakeAnswer {
  householdId: string;
  stays: { id: string; personId: string; caseNumber: string }[];
}

describe('a person’s record for the desk: stays with the arriving group, group check-out, minors marked', () => {
  let testApp: TestApp;
  let admin: LoggedIn;
  let workerA: LoggedIn;
  let workerB: LoggedIn;
  let lawyer: LoggedIn;
  let shelterA: ShelterView;
  let shelterB: ShelterView;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelterA = await createShelter(testApp.app, admin, { code: 'PRA' });
    shelterB = await createShelter(testApp.app, admin, { code: 'PRB' });
    workerA = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterA.id] });
    workerB = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterB.id] });
    lawyer = await loggedInUser(testApp.app, { role: 'lawyer' });
  });
  afterAll(() => testApp.close());

  const call = (as: LoggedIn, method: 'GET' | 'POST', url: string, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: as.headers, payload });
  const family = async (as: LoggedIn, shelterId: string): Promise<IntakeAnswer> => {
    const response = await postIntake(testApp.app, as, familyOfFour(shelterId, ARRIVAL));
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const checkout = { departedAt: '2026-03-05T09:00:00-06:00', destination: 'continued_north' };

  it('answers a person’s stays with the group they arrived with, only in the caller’s shelters', async () => {
    const arrival = await family(workerA, shelterA.id);
    const [head, spouse, child, baby] = arrival.stays;
    const response = await call(workerA, 'GET', `/persons/${child.personId}/stays`);
    expect(response.statusCode).toBe(200);
    const [stay] = response.json().items;
    expect(stay).toMatchObject({ id: child.id, caseNumber: child.caseNumber, relationship: 'child' });
    expect(stay.household.map((member: { personId: string }) => member.personId)).toEqual([
      head.personId,
      spouse.personId,
      baby.personId,
    ]);
    expect(stay.household[0]).toMatchObject({ relationship: 'head', givenNames: 'Carlos Ernesto', present: true });

    // Another shelter's worker, a lawyer without the person, an id of nobody: the same 404 (or 403 for the role).
    const foreign = await call(workerB, 'GET', `/persons/${child.personId}/stays`);
    const nobody = await call(workerB, 'GET', `/persons/${randomUuid()}/stays`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toEqual(nobody.json().detail);
    expect(foreign.body).not.toContain('Carlos');
    expect((await call(lawyer, 'GET', `/persons/${child.personId}/stays`)).statusCode).toBe(403);
    expect((await call(workerA, 'GET', '/persons/not-a-uuid/stays')).statusCode).toBe(400);
  });

  it('marks the minors of the residents list by the one age rule, today', async () => {
    const teenArrival = await postIntake(testApp.app, workerA, {
      ...familyOfFour(shelterA.id, ARRIVAL),
      members: [
        {
          person: person({ givenNames: 'Kevin', familyNames: 'Solo', birthDate: undefined, estimatedBirthYear: 2010 }),
          relationship: 'head',
        },
      ],
    });
    expect(teenArrival.statusCode).toBe(201);
    const personId = teenArrival.json().stays[0].personId;
    const residents = (await call(workerA, 'GET', `/shelters/${shelterA.id}/stays?present=true&limit=500`)).json()
      .items as { personId: string; age: number | null; minor: boolean; unaccompaniedMinor: boolean }[];
    const teen = residents.find((stay) => stay.personId === personId)!;
    const age = personAgeOn({ estimatedBirthYear: 2010 }, todayInMexico())!.years;
    expect(teen).toMatchObject({ age, minor: age < 18, unaccompaniedMinor: true });
    const adult = residents.find((stay) => stay.personId !== personId && stay.age !== null && stay.age >= 18)!;
    expect(adult.minor).toBe(false);
  });

  it('checks out everyone of a group still present at once, and nobody when one rule fails', async () => {
    const arrival = await family(workerA, shelterA.id);
    // One has left already: the group check-out closes the three others.
    expect((await call(workerA, 'POST', `/stays/${arrival.stays[3].id}/checkout`, checkout)).statusCode).toBe(200);

    const before = await call(workerA, 'POST', `/households/${arrival.householdId}/checkout`, {
      ...checkout,
      departedAt: '2026-02-01T09:00:00-06:00',
    });
    expect(before.statusCode).toBe(422);
    expect(before.json().errors.map((error: { field: string }) => error.field)).toEqual(['departedAt']);
    const bad = await call(workerA, 'POST', `/households/${arrival.householdId}/checkout`, {
      ...checkout,
      destination: 'la luna',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('destination');
    const foreign = await call(workerB, 'POST', `/households/${arrival.householdId}/checkout`, checkout);
    const nobody = await call(workerB, 'POST', `/households/${randomUuid()}/checkout`, checkout);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toEqual(nobody.json().detail);
    const stillOpen = await call(workerA, 'GET', `/persons/${arrival.stays[0].personId}/stays`);
    expect(stillOpen.json().items[0].checkedOutAt).toBeNull();

    const done = await call(workerA, 'POST', `/households/${arrival.householdId}/checkout`, {
      ...checkout,
      note: 'Siguen juntos hacia el norte.',
    });
    expect(done.statusCode).toBe(200);
    const closed = done.json().items as { id: string; destination: string; checkoutNote: string }[];
    expect(closed.map((stay) => stay.id)).toEqual(arrival.stays.slice(0, 3).map((stay) => stay.id));
    expect(closed.every((stay) => stay.destination === 'continued_north')).toBe(true);
    expect(closed[0].checkoutNote).toBe('Siguen juntos hacia el norte.');
    const again = await call(workerA, 'POST', `/households/${arrival.householdId}/checkout`, checkout);
    expect(again.statusCode).toBe(409);

    const group = (await call(workerA, 'GET', `/persons/${arrival.stays[0].personId}/stays`)).json().items[0];
    expect(group.household.every((member: { present: boolean }) => !member.present)).toBe(true);
  });

  it('lists the incidents of which a person is a victim, within the caller’s shelters', async () => {
    const arrival = await family(workerA, shelterA.id);
    const victim = arrival.stays[1].personId;
    const created = await createIncident(testApp.app, workerA, {
      ...incidentPayload(shelterA.id),
      acts: [
        {
          type: 'extortion',
          victimPersonId: victim,
          perpetrators: [{ type: 'organized_crime' }],
        },
      ],
    });
    const mine = await call(workerA, 'GET', `/incidents?victimPersonId=${victim}`);
    expect(mine.json().items.map((incident: { id: string }) => incident.id)).toEqual([created]);
    const other = await call(workerA, 'GET', `/incidents?victimPersonId=${arrival.stays[0].personId}`);
    expect(other.json().items).toEqual([]);
    const foreign = await call(workerB, 'GET', `/incidents?victimPersonId=${victim}`);
    expect(foreign.statusCode).toBe(200);
    expect(foreign.json().items).toEqual([]);
  });
});
