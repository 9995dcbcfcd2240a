import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The architecture's forbidden arrows fail `npm run lint`: each fixture under ./fixtures imports
 * across one of them and is linted, with the project's ESLint configuration, as if it stood in
 * the folder its first line names. The control fixture (`allowed-*`) must pass, so a rule that
 * forbade everything would fail this test too.
 */
describe('ESLint architecture boundaries', () => {
  const fixtures = readdirSync(join(__dirname, 'fixtures')).sort();
  let results: Record<string, string[]>;

  beforeAll(() => {
    const output = execFileSync(process.execPath, [join(__dirname, 'lint-fixtures.mjs')], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 170_000,
    });
    results = JSON.parse(output) as Record<string, string[]>;
  }, 180_000);

  it('has a fixture for each forbidden arrow of the README', () => {
    expect(fixtures).toEqual(
      expect.arrayContaining([
        'platform-imports-intake.ts',
        'platform-imports-access.ts',
        'intake-imports-asylum.ts',
        'intake-imports-incidents.ts',
        'intake-imports-referrals.ts',
        'intake-imports-exports.ts',
        'incidents-imports-exports.ts',
        'api-imports-worker.ts',
        'worker-imports-api.ts',
        'web-imports-platform.ts',
        'web-imports-alias.ts',
        'deep-import-by-alias.ts',
        'deep-import-by-relative-path.ts',
      ]),
    );
  });

  it.each(readdirSync(join(__dirname, 'fixtures')).filter((name) => !name.startsWith('allowed-')))(
    '%s fails the lint on its import',
    (fixture) => {
      const boundaryErrors = results[fixture].filter(
        (message) =>
          message.startsWith('import-x/no-restricted-paths:') || message.startsWith('no-restricted-imports:'),
      );
      expect(boundaryErrors).not.toEqual([]);
    },
  );

  it.each(readdirSync(join(__dirname, 'fixtures')).filter((name) => name.startsWith('allowed-')))(
    '%s passes',
    (fixture) => {
      expect(results[fixture]).toEqual([]);
    },
  );
});
