import { Client } from 'pg';

import { createTestDatabase } from './support/test-app';

describe('database of a test file', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: await createTestDatabase() });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it('is migrated, with the search extensions enabled', async () => {
    const extensions = await client.query<{ extname: string }>(
      "SELECT extname FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent') ORDER BY extname",
    );
    expect(extensions.rows.map((row) => row.extname)).toEqual(['pg_trgm', 'unaccent']);
    const applied = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(applied.rows.map((row) => row.name)).toContain('EnableSearchExtensions1764403200000');
  });
});
