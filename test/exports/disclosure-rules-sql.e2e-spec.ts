import { AGE_BANDS, ageBandOf, ageBandSql, isChild, wideAgeBandSql } from '@albergue/incidents';
import { NATIONALITY_CODES, nationalityRegionOf, nationalityRegionSql } from '@albergue/platform';
import { Client } from 'pg';

import { ADMIN_DATABASE_URL } from '../support/test-run';

/** The SQL forms of the rules de-identified exports generalize with say what their TypeScript forms say. */
describe('age bands and nationality regions in SQL', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: ADMIN_DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  it('bands every age from 0 to 120 as ageBandOf does, and NULL as NULL', async () => {
    const ages = Array.from({ length: 121 }, (_, age) => age);
    const { rows } = await client.query<{ age: number | null; band: string | null }>(
      `SELECT age, ${ageBandSql('age')} AS band FROM unnest($1::int[]) AS age`,
      [[...ages, null]],
    );
    expect(rows).toEqual([...ages.map((age) => ({ age, band: ageBandOf(age) })), { age: null, band: null }]);
  });

  it('widens children to 0-17, adults to 18+, and leaves unknown', async () => {
    const { rows } = await client.query<{ band: string; wide: string }>(
      `SELECT band, ${wideAgeBandSql('band')} AS wide FROM unnest($1::text[]) AS band`,
      [AGE_BANDS],
    );
    expect(rows).toEqual(
      AGE_BANDS.map((band) => ({
        band,
        wide: band === 'unknown' ? 'unknown' : isChild(band) ? '0-17' : '18+',
      })),
    );
  });

  it('gives every nationality code, and none, the region nationalityRegionOf gives', async () => {
    const codes = [...NATIONALITY_CODES, null];
    const { rows } = await client.query<{ code: string | null; region: string | null }>(
      `SELECT code, ${nationalityRegionSql('code')} AS region FROM unnest($1::text[]) AS code`,
      [codes],
    );
    expect(rows).toEqual(codes.map((code) => ({ code, region: nationalityRegionOf(code) })));
    expect(nationalityRegionOf('GT')).toBe('central_america');
    expect(nationalityRegionOf('VE')).toBe('americas_other');
    expect(nationalityRegionOf('ES')).toBe('other');
  });
});
