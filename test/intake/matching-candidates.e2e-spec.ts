import { matchKey, MatchingService } from '@albergue/intake';
import { DataSource } from 'typeorm';

import { PersonMatchingByNameKeys1796800000000 } from '../../migrations/1796800000000-person-matching-by-name-keys';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Matching's candidates come from keys of name parts (person_match_keys) and a vocabulary of
 * recorded words (name_words), no longer from trigram distance: every way scoring may take a record
 * for the query must still bring the record back, and nothing else should. Each person here has
 * names no one else in the database has, so a test finds exactly its own.
 */
describe('matching candidates by name keys', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let desk: LoggedIn;

  const record = async (person: Record<string, unknown>): Promise<string> => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: desk.headers,
      payload: { sex: 'female', birthDate: '1991-04-09', nationality: 'HN', ...person },
    });
    if (response.statusCode !== 201) throw new Error(`person not recorded: ${response.body}`);
    return (response.json() as { id: string }).id;
  };
  /** Persons the query finds: a woman born in 1991 unless it says otherwise. */
  const found = async (query: Partial<Parameters<MatchingService['findMatches']>[0]>): Promise<string[]> =>
    (
      await testApp.app
        .get(MatchingService)
        .findMatches({ givenNames: '', sex: 'female', birthYear: 1991, ...query }, 5)
    ).map((match) => match.person.id);

  beforeAll(async () => {
    testApp = await startTestApp();
    dataSource = testApp.app.get(DataSource);
    desk = await loggedInUser(testApp.app, { role: 'admin' });
  });
  afterAll(() => testApp.close());

  it('computes the keys it asks for as the database files them (matchKey and name_match_key)', async () => {
    const texts = ['F garcia lopez maria', 'O jose', 'G łukasz straße ørsted', 'A chele el'];
    for (const [bucket, filed] of [
      [397, 'female'],
      [-1, 'male'],
    ] as const) {
      const [{ keys }] = (await dataSource.query(
        'SELECT array_agg(name_match_key($1, $2, words) ORDER BY n)::text[] AS keys FROM unnest($3::text[]) WITH ORDINALITY AS t(words, n)',
        [bucket, filed, texts],
      )) as { keys: string[] }[];
      expect(keys).toEqual(texts.map((words) => matchKey(bucket, filed, words)));
    }
  });

  it('finds a record however its surnames are written: swapped, one left out at either desk', async () => {
    const id = await record({ givenNames: 'Eufrosina Candelaria', familyNames: 'Quiñónez Tzunún' });
    const written = ['Quiñónez Tzunún', 'Tzunún Quiñónez', 'Quiñónez', 'Tzunún', 'QUINONEZ tzunun'];
    for (const familyNames of written) {
      expect(await found({ givenNames: 'Eufrosina Candelaria', familyNames })).toEqual([id]);
    }
    const shorter = await record({ givenNames: 'Filogonia', familyNames: 'Xajil' });
    expect(await found({ givenNames: 'Filogonia', familyNames: 'Xajil Batzibal' })).toEqual([shorter]);
  });

  it('finds a record through typing errors in a given name and a surname at once', async () => {
    const id = await record({ givenNames: 'Hermelinda Petronila', familyNames: 'Chumil Coyoy' });
    expect(await found({ givenNames: 'Hremelinda Petronila', familyNames: 'Chumil Coyyo' })).toEqual([id]);
    expect(await found({ givenNames: 'Hermelnda', familyNames: 'Chmil Coyoy' })).toEqual([id]);
  });

  it('finds a record misspelt at the earlier desk from the name written right', async () => {
    const id = await record({ givenNames: 'Anatolia Rufina', familyNames: 'Sequén Tuyuc' });
    // Written right now, "Anatolia" is a recorded word (the person above): the record's own
    // misspelling is one of its alternatives, the only way to this record.
    const misspelt = await record({ givenNames: 'Anatloia', familyNames: 'Sequén Tuyuc', birthDate: '1970-02-02' });
    expect(await found({ givenNames: 'Anatolia', familyNames: 'Sequen Tuyuc', birthYear: 1970 })).toEqual([misspelt]);
    expect(await found({ givenNames: 'Anatolia Rufina', familyNames: 'Sequen Tuyuc' })).toEqual([id]);
  });

  it('finds names written in the other fields, and a person recorded or asked without surnames', async () => {
    const id = await record({ givenNames: 'Clodomira', familyNames: 'Ajpop Sicajau' });
    expect(await found({ givenNames: 'Ajpop Sicajau', familyNames: 'Clodomira' })).toEqual([id]);

    const withoutSurnames = await record({ givenNames: 'Wendolyne Eudoxia', familyNames: '' });
    expect(await found({ givenNames: 'Eudoxia Wendolyne', familyNames: 'Cutzal' })).toEqual([withoutSurnames]);
    expect(await found({ givenNames: 'Wendolyne', familyNames: 'Cutzal' })).toEqual([]);

    const asked = await record({ givenNames: 'Perpetua', familyNames: 'Jolomná Yaxón' });
    expect(await found({ givenNames: 'Perpetua', familyNames: '' })).toEqual([asked]);
    expect(await found({ givenNames: 'Perpetua Amalia', familyNames: '' })).toEqual([]);
  });

  it('finds a person by an alias holding the whole name asked for', async () => {
    const id = await record({ givenNames: 'Zenaida', familyNames: 'Coxic Ixcaraguá', aliases: ['La Güera Tulum'] });
    expect(await found({ givenNames: 'La Guera', familyNames: 'Tulum' })).toEqual([id]);
    expect(await found({ givenNames: 'La Guera', familyNames: 'Tulun' })).toEqual([id]);
    expect(await found({ givenNames: 'Guera', familyNames: '' })).toEqual([]);
  });

  it('keeps to +-2 birth years and to a sex that does not conflict', async () => {
    const woman = await record({ givenNames: 'Teodolinda', familyNames: 'Xocop Guarchaj', birthDate: '1991-12-31' });
    const intersex = await record({
      givenNames: 'Teodolinda',
      familyNames: 'Xocop Guarchaj',
      sex: 'intersex',
      birthDate: '1992-06-01',
    });
    const query = { givenNames: 'Teodolinda', familyNames: 'Xocop Guarchaj' };
    expect(await found({ ...query, birthYear: 1989 })).toEqual([woman]);
    expect((await found({ ...query, birthYear: 1993 })).sort()).toEqual([intersex, woman].sort());
    expect(await found({ ...query, birthYear: 1994 })).toEqual([intersex]);
    expect(await found({ ...query, birthYear: 1988 })).toEqual([]);
    expect(await found({ ...query, birthYear: 1995 })).toEqual([]);
    expect(await found({ ...query, birthYear: 1992, sex: 'male' })).toEqual([intersex]);
    expect((await found({ ...query, birthYear: 1992, sex: 'unknown' })).sort()).toEqual([intersex, woman].sort());
  });

  it('follows a changed name at once, and never finds an erased person or keeps their words', async () => {
    const id = await record({ givenNames: 'Rosaura', familyNames: 'Tecún Batzín' });
    const patched = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${id}`,
      headers: desk.headers,
      payload: { familyNames: 'Tecún Sicán' },
    });
    expect(patched.statusCode).toBe(200);
    expect(await found({ givenNames: 'Rosaura', familyNames: 'Tecun Batzin' })).toEqual([]);
    expect(await found({ givenNames: 'Rosaura', familyNames: 'Tecun Sican' })).toEqual([id]);

    await record({ givenNames: 'Rosaura', familyNames: 'Ixquiactap', birthDate: '1950-01-01' });
    const erased = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${id}/erasure`,
      headers: desk.headers,
      payload: { reason: 'data_subject_request' },
    });
    expect(erased.statusCode).toBe(200);
    expect(await found({ givenNames: 'Rosaura', familyNames: 'Tecun Sican' })).toEqual([]);
    const words = (await dataSource.query(
      `SELECT word FROM name_words WHERE word IN ('rosaura', 'tecun', 'sican', 'batzin', 'ixquiactap') ORDER BY word`,
    )) as { word: string }[];
    // Rosaura is still someone else's name; the surnames were the erased person's alone (Batzín
    // left with the change of name).
    expect(words.map(({ word }) => word)).toEqual(['ixquiactap', 'rosaura']);
  });

  it('gives persons recorded before the migration their name parts and finds them after it', async () => {
    const id = await record({ givenNames: 'Casilda Benigna', familyNames: 'Pérez-Xoyón Ajanel', aliases: ['Chila'] });
    const migration = new PersonMatchingByNameKeys1796800000000();
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const [before] = (await runner.query('SELECT search_name FROM persons WHERE id = $1', [id])) as {
        search_name: string;
      }[];
      expect(before.search_name).toBe('casilda benigna perez xoyon ajanel chila');
      await migration.up(runner);
      const [after] = (await runner.query('SELECT search_name FROM persons WHERE id = $1', [id])) as {
        search_name: string;
      }[];
      expect(after.search_name).toBe('casilda benigna | perez xoyon ajanel | chila');
    } finally {
      await runner.release();
    }
    expect(await found({ givenNames: 'Casilda Benigna', familyNames: 'Xoyon Perez Ajanel' })).toEqual([id]);
    expect(await found({ givenNames: 'Casilda Bengina', familyNames: 'Perez Xoyon Ajanel' })).toEqual([id]);
  });
});
