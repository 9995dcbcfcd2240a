import { randomBytes } from 'node:crypto';

import { Role } from '@albergue/access';

import { comarApplication, createApplication } from '../factories/asylum.factory';
import { familyOfFour, person, postIntake } from '../factories/intake.factory';
import { HostileWorld, HostileWorldOptions, prepareHostileWorld } from '../hostile/hostile-world';
import { TestApp } from '../support/test-app';

/**
 * One side of the network: a shelter with its coordinator and worker, a lawyer and her
 * application, an organization with its service, partner and partner user, and their records
 * (the hostile-input suite's world, built once per side). Every record is the other side's
 * foreign record.
 */
export interface Side {
  label: 'A' | 'B';
  world: HostileWorld;
  /** Every id of this side's records, persons and stays included: none may reach the other side. */
  ids: Map<string, string>;
  /** Words that tell this side's records (its persons' names, its shelter's code), with what they are. */
  words: [string, string][];
  /** The ids a role of this side fills a body with (its own records), by kind as `idFor` reads them. */
  ownIds(role: Role): Record<string, string>;
}

/**
 * Kinds of record a role may name on the other side by design: the service directory, the
 * partners a consent may name and the lawyers a coordinator may assign are network-wide. A
 * field of such a kind gets a foreign record of another kind instead, which must be refused.
 */
export const SHARED_KINDS: Record<Role, string[]> = {
  admin: [],
  // `user`: the hostile world's spare user is a lawyer, whom a coordinator may assign too.
  // `toShelter`: a transfer may be offered to any shelter of the network.
  coordinator: ['organization', 'service', 'partner', 'recipient', 'lawyer', 'user', 'actor', 'toShelter'],
  shelter_worker: ['organization', 'service', 'partner', 'recipient', 'lawyer', 'user', 'actor', 'toShelter'],
  // The service directory is readable by everyone (GET /organizations, /services).
  lawyer: ['organization', 'service'],
  partner: ['organization', 'service'],
};

/** Letters only, so name validation keeps them and accent folding leaves them as they are. */
function nameToken(): string {
  return `Zq${[...randomBytes(6)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
}

/** The family of four with a side's own words in every given and family name. */
function taggedFamily(tokens: string[]) {
  return (shelterId: string) => {
    const family = familyOfFour(shelterId);
    return {
      ...family,
      members: family.members.map((member) => ({
        ...member,
        person: {
          ...member.person,
          givenNames: `${member.person.givenNames} ${tokens[0]}`,
          familyNames: `${member.person.familyNames} ${tokens[1]}`,
        },
      })),
    };
  };
}

async function prepareSide(testApp: TestApp, label: 'A' | 'B', callers?: Map<string, Role[]>): Promise<Side> {
  const nameTokens = [nameToken(), nameToken()];
  const options: HostileWorldOptions = { label, intake: taggedFamily(nameTokens), callers };
  const world = await prepareHostileWorld(testApp, options);
  const { app } = testApp;
  const admin = world.sessions.get('admin')!;

  // A person who stayed here before and left: her own shelter may register her again.
  const returning = await postIntake(app, admin, {
    ...familyOfFour(world.ids.shelter, '2026-02-01T10:00:00-06:00'),
    members: [
      {
        person: person({ givenNames: `Rosa ${nameTokens[0]}`, familyNames: `Cruz ${nameTokens[1]}`, sex: 'female' }),
        relationship: 'head',
      },
    ],
  });
  if (returning.statusCode !== 201) throw new Error(`intake failed: ${returning.body}`);
  const returningStay = returning.json().stays[0] as { id: string; personId: string };
  const checkout = await app.inject({
    method: 'POST',
    url: `/api/v1/stays/${returningStay.id}/checkout`,
    headers: admin.headers,
    payload: { departedAt: '2026-02-03T07:00:00-06:00', destination: 'continued_north' },
  });
  if (checkout.statusCode >= 300) throw new Error(`checkout failed: ${checkout.body}`);

  const stays = await app.inject({
    method: 'GET',
    url: `/api/v1/shelters/${world.ids.shelter}/stays?limit=500`,
    headers: admin.headers,
  });
  const residents = (stays.json().items as { id: string; personId: string }[]).filter(
    (stay) => stay.personId !== returningStay.personId,
  );
  const relative = residents.find((stay) => stay.personId !== world.ids.person)!.personId;

  // The lawyer's second case, on a relative: a person she may name as a dependent.
  await createApplication(app, admin, comarApplication(relative, { lawyerId: world.ids.lawyer }));

  const ids = new Map<string, string>(Object.entries(world.ids).map(([kind, id]) => [id, kind]));
  for (const stay of [...residents, returningStay]) {
    ids.set(stay.id, 'stay');
    ids.set(stay.personId, 'person');
  }
  for (const [role, session] of world.sessions) if (!ids.has(session.user.id)) ids.set(session.user.id, `${role} user`);

  const ownIds = (role: Role): Record<string, string> =>
    role === 'lawyer'
      ? // A lawyer works in no shelter: her bodies name none.
        Object.fromEntries(Object.entries({ ...world.ids, dependent: relative }).filter(([kind]) => kind !== 'shelter'))
      : // The desk names the returning person (no open stay anywhere) and one of her residents
        // as a dependent; everything else as the hostile world records it.
        { ...world.ids, person: returningStay.personId, dependent: relative, victimPerson: relative };
  const shelters = await app.inject({ method: 'GET', url: '/api/v1/shelters', headers: admin.headers });
  const { code } = (shelters.json().items as { id: string; code: string }[]).find((s) => s.id === world.ids.shelter)!;
  const words: [string, string][] = [
    ...nameTokens.map((token): [string, string] => [token, `a name of a person of side ${label}`]),
    [code, `the code of side ${label}'s shelter`],
  ];
  return { label, world, ids, words, ownIds };
}

/** Two of everything, in one database: side A and side B. */
export async function prepareTwoSides(testApp: TestApp): Promise<[Side, Side]> {
  const a = await prepareSide(testApp, 'A');
  return [a, await prepareSide(testApp, 'B', a.world.callers)];
}
