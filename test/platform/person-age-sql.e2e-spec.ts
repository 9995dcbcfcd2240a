import { ageInYearsSql, personAgeOn } from '@albergue/platform';
import { Client } from 'pg';

import { ADMIN_DATABASE_URL } from '../support/test-run';

const isoDay = (time: number): string => new Date(time).toISOString().slice(0, 10);
const DAY = 24 * 3600 * 1000;

/** Birth dates and days around the edges: year ends, leap days, birthdays. */
function grid(): { births: string[]; years: number[]; days: string[] } {
  const births: string[] = [];
  for (let time = Date.UTC(2007, 11, 25); time <= Date.UTC(2009, 0, 5); time += DAY) births.push(isoDay(time));
  births.push('2004-02-29', '2008-02-29', '1990-06-15', '2025-12-31', '2026-01-01');
  const days: string[] = [];
  for (const year of [2024, 2025, 2026, 2027]) {
    for (const monthDay of ['01-01', '02-28', '02-29', '03-01', '03-14', '06-15', '12-30', '12-31']) {
      const day = `${year}-${monthDay}`;
      if (isoDay(Date.parse(`${day}T00:00:00Z`)) === day) days.push(day);
    }
  }
  return { births, years: [1990, 2004, 2006, 2007, 2008, 2009, 2024, 2025, 2026, 2027, 2030], days };
}

describe('ageInYearsSql', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: ADMIN_DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  it('gives the same age as personAgeOn on a grid of birth dates, estimated years and days', async () => {
    const { births, years, days } = grid();
    const cases: { birthDate: string | null; estimatedBirthYear: number | null; day: string }[] = [];
    for (const day of days) {
      for (const birthDate of births) cases.push({ birthDate, estimatedBirthYear: null, day });
      for (const estimatedBirthYear of years) cases.push({ birthDate: null, estimatedBirthYear, day });
      cases.push({ birthDate: '2008-06-01', estimatedBirthYear: 2008, day });
      cases.push({ birthDate: null, estimatedBirthYear: null, day });
    }
    const { rows } = await client.query<{ age: number | null }>(
      `SELECT ${ageInYearsSql('c.birth_date', 'c.estimated_birth_year', 'c.day')} AS age
         FROM unnest($1::date[], $2::int[], $3::date[]) WITH ORDINALITY AS c(birth_date, estimated_birth_year, day, n)
        ORDER BY c.n`,
      [cases.map((c) => c.birthDate), cases.map((c) => c.estimatedBirthYear), cases.map((c) => c.day)],
    );
    expect(rows).toHaveLength(cases.length);
    const mismatches = cases
      .map((c, index) => ({ ...c, sql: rows[index].age, ts: personAgeOn(c, c.day)?.years ?? null }))
      .filter((c) => c.sql !== c.ts);
    expect(mismatches).toEqual([]);
    expect(cases.length).toBeGreaterThan(1000);
  });
});
