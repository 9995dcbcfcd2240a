import { DisclosableAct, IncidentExportSource } from '@albergue/incidents';
import { FieldEncryption, personAgeOn } from '@albergue/platform';
import { DataSource } from 'typeorm';

import { createIncident, incidentPayload, reviewIncident } from '../factories/incident.factory';
import { createShelter, familyOfFour, person, postIntake, ShelterView } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Today in central Mexico, where occupancy takes ages. */
const todayInMexico = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', dateStyle: 'short' }).format(new Date());

const ARRIVAL = '2026-03-01T10:00:00-06:00';

describe('children: one age rule, presumption of minority, separated children', () => {
  let testApp: TestApp;
  let admin: LoggedIn;
  let worker: LoggedIn;
  let coordinator: LoggedIn;
  let shelters: ShelterView[];

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelters = [
      await createShelter(testApp.app, admin, { code: 'PAL' }),
      await createShelter(testApp.app, admin, { code: 'TEN' }),
      await createShelter(testApp.app, admin, { code: 'TAP' }),
    ];
    const shelterIds = shelters.map((shelter) => shelter.id);
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds });
    coordinator = await loggedInUser(testApp.app, { role: 'coordinator', shelterIds });
  });
  afterAll(() => testApp.close());

  const get = (url: string) => testApp.app.inject({ method: 'GET', url, headers: worker.headers });
  const intake = async (shelterId: string, members: object[]) => {
    const response = await postIntake(testApp.app, worker, { ...familyOfFour(shelterId, ARRIVAL), members });
    expect(response.statusCode).toBe(201);
    return response.json() as {
      stays: { id: string; personId: string }[];
      warnings: { code: string; memberIndex?: number }[];
    };
  };
  const codes = (answer: { warnings: { code: string; memberIndex?: number }[] }) =>
    answer.warnings.filter((w) => w.code !== 'possible_previous_record').map((w) => `${w.code}:${w.memberIndex}`);

  it('presumes a minor: born "about 2008", arriving alone in March 2026, is an unaccompanied minor', async () => {
    const teen = person({ givenNames: 'Wendy Lorena', familyNames: 'Ayala', sex: 'female', birthDate: undefined });
    const answer = await intake(shelters[0].id, [
      { person: { ...teen, estimatedBirthYear: 2008 }, relationship: 'head' },
    ]);
    expect(codes(answer)).toEqual(['unaccompanied_minor:0']);

    // Occupancy takes the age today by the same rule: at the youngest the year allows.
    const age = personAgeOn({ estimatedBirthYear: 2008 }, todayInMexico())!.years;
    const occupancy = (await get(`/api/v1/shelters/${shelters[0].id}/occupancy`)).json();
    expect(occupancy.byAgeBand).toEqual({ [age < 18 ? '12-17' : '18-59']: 1 });
    expect(occupancy.unaccompaniedMinors).toBe(1);

    // An incident against her on 12 March 2026: the flag and the export's band agree that she was a child.
    const incidentId = await createIncident(
      testApp.app,
      worker,
      incidentPayload(shelters[0].id, {
        acts: [{ type: 'extortion', victimPersonId: answer.stays[0].personId, perpetrators: [{ type: 'smuggler' }] }],
      }),
    );
    const shown = (
      await testApp.app.inject({ method: 'GET', url: `/api/v1/incidents/${incidentId}`, headers: worker.headers })
    ).json();
    expect(shown.flags.childVictim).toBe(true);
    // Recorded with anonymous consent (incidentPayload); verified, it may leave in de-identified exports.
    expect((await reviewIncident(testApp.app, coordinator, incidentId)).statusCode).toBe(200);
    const acts: DisclosableAct[] = [];
    // What the export worker reads (the API does not host it): the same query on the same database.
    const source = new IncidentExportSource(
      testApp.app.get(DataSource, { strict: false }),
      testApp.app.get(FieldEncryption, { strict: false }),
    );
    for await (const batch of source.disclosableActs(
      // k = 1: the band as computed, not generalized for being the only act of the export.
      { keys: ['any partner'], from: '2026-03-01', to: '2026-03-31', sexualViolenceRecords: false, minCellSize: 1 },
      'deidentified',
    )) {
      acts.push(...batch);
    }
    expect(acts.map((act) => act.victimAgeBand)).toEqual(['12-17']);
  });

  it('does not take a sibling estimated 2008 for an adult: both children are unaccompanied', async () => {
    const answer = await intake(shelters[1].id, [
      { person: person({ givenNames: 'Josué', familyNames: 'Mejía', birthDate: '2012-05-01' }), relationship: 'head' },
      {
        person: {
          ...person({ givenNames: 'Elvin', familyNames: 'Mejía', birthDate: undefined }),
          estimatedBirthYear: 2008,
        },
        relationship: 'sibling',
      },
    ]);
    expect(codes(answer)).toEqual(['unaccompanied_minor:0', 'unaccompanied_minor:1']);
  });

  it('records a child with an uncle but no parent or guardian as a separated child, and counts and lists them', async () => {
    const answer = await intake(shelters[2].id, [
      { person: person({ givenNames: 'Óscar', familyNames: 'Funes', birthDate: '1985-01-20' }), relationship: 'head' },
      {
        person: person({ givenNames: 'Dayana', familyNames: 'Funes', sex: 'female', birthDate: '2013-08-09' }),
        relationship: 'other_relative',
      },
      {
        person: person({ givenNames: 'Luis', familyNames: 'Funes', birthDate: '2015-02-02' }),
        relationship: 'child',
      },
    ]);
    expect(codes(answer)).toEqual(['separated_child:1']);
    const stays = (await get(`/api/v1/shelters/${shelters[2].id}/stays?present=true`)).json().items as {
      personId: string;
      separatedChild: boolean;
      unaccompaniedMinor: boolean;
      vulnerabilities: string[];
    }[];
    const dayana = stays.find((stay) => stay.personId === answer.stays[1].personId)!;
    expect(dayana).toMatchObject({ separatedChild: true, unaccompaniedMinor: false });
    expect(dayana.vulnerabilities).toContain('separated_child');
    expect(stays.filter((stay) => stay.separatedChild)).toHaveLength(1);
    const occupancy = (await get(`/api/v1/shelters/${shelters[2].id}/occupancy`)).json();
    expect(occupancy).toMatchObject({ separatedChildren: 1, unaccompaniedMinors: 0 });
  });

  it('accepts a legal guardian, and offers the new codes in the vocabularies', async () => {
    const answer = await intake(shelters[2].id, [
      {
        person: person({ givenNames: 'Reina', familyNames: 'Paz', sex: 'female', birthDate: '1979-03-03' }),
        relationship: 'legal_guardian',
      },
      { person: person({ givenNames: 'Alexis', familyNames: 'Paz', birthDate: '2014-10-10' }), relationship: 'other' },
    ]);
    expect(codes(answer)).toEqual([]);
    const relationships = (await get('/api/v1/vocabularies/relationships')).json() as { code: string }[];
    expect(relationships.map((term) => term.code)).toContain('legal_guardian');
    const vulnerabilities = (await get('/api/v1/vocabularies/vulnerabilities')).json() as { code: string }[];
    expect(vulnerabilities.map((term) => term.code)).toContain('separated_child');
  });
});
