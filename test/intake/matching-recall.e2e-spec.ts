import { randomUUID } from 'node:crypto';

import { MatchingService } from '@albergue/intake';
import { Client } from 'pg';

import { generatePeople, insertPeople, noisyQueryOf, random, strangerQueries } from '../factories/population.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The true person must be in the top 5 for at least 95% of noisy queries over 10,000 people, and at
 * most 5% of queries for people who are not there may get any suggestion (the benchmark,
 * `npm run bench:matching`, measures the same over 1,000,000 with timings).
 */
describe('matching recall and precision over 10,000 persons', () => {
  let testApp: TestApp;
  let db: Client;
  const people = generatePeople(10_000, 7);

  beforeAll(async () => {
    testApp = await startTestApp();
    db = new Client({ connectionString: testApp.config.databaseUrl });
    await db.connect();
    await insertPeople(db, people);
    await db.query('ANALYZE persons');
  }, 120_000);
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('finds the true person in the top 5 for >= 95% of 400 noisy queries', async () => {
    const matching = testApp.app.get(MatchingService);
    const rand = random(99);
    const queries = Array.from({ length: 400 }, () => noisyQueryOf(people[Math.floor(rand() * people.length)], rand));
    let found = 0;
    for (const { truth, ...query } of queries) {
      const matches = await matching.findMatches(query, 5);
      if (matches.some((match) => match.person.id === truth)) found += 1;
    }
    const recall = found / queries.length;
    expect(recall).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  // "Not there": nobody on record fits what the query says (see strangerQueries), as a desk worker would judge.
  it('suggests anyone for at most 5% of 1,000 noisy queries of people who are not there', async () => {
    const matching = testApp.app.get(MatchingService);
    const known = new Set(people.map((person) => person.id));
    let suggested = 0;
    for (const { truth, ...query } of strangerQueries(1000, 31337, people)) {
      expect(known.has(truth)).toBe(false);
      if ((await matching.findMatches(query, 5)).length > 0) suggested += 1;
    }
    expect(suggested / 1000).toBeLessThanOrEqual(0.05);
  }, 120_000);

  it('ranks an exact, complete description first', async () => {
    const matching = testApp.app.get(MatchingService);
    const target = people[123];
    const [best] = await matching.findMatches(
      {
        givenNames: target.givenNames,
        familyNames: target.familyNames,
        birthDate: target.birthDate ?? undefined,
        birthYear: target.estimatedBirthYear ?? undefined,
        nationality: target.nationality,
      },
      5,
    );
    expect(best.person.id).toBe(target.id);
  });

  // Last: it adds persons of its own, born in 1940, before anyone the generator draws.
  it('brings back candidates of a sex the query may find, however many of the other sex are closer', async () => {
    const men = Array.from({ length: 70 }, () => ({
      id: randomUUID(),
      givenNames: 'Xiomara Quetzal',
      familyNames: 'Ixcot Tzul',
      sex: 'male' as const,
      birthDate: '1940-05-05',
      estimatedBirthYear: null,
      nationality: 'GT',
    }));
    const woman = { ...men[0], id: randomUUID(), givenNames: 'Xiomara Quetzali', sex: 'female' as const };
    await insertPeople(db, [...men, woman]);
    const matches = await testApp.app
      .get(MatchingService)
      .findMatches({ givenNames: 'Xiomara Quetzal', familyNames: 'Ixcot Tzul', sex: 'female', birthYear: 1940 }, 5);
    expect(matches.map((match) => match.person.id)).toEqual([woman.id]);
  });
});
