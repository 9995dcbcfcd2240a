// Lints each file of test/lint/fixtures as if it stood where its first line says (`// lint as: <path>`),
// with the project's own ESLint configuration, and prints {fixture: [ruleId: message, ...]} as JSON.
// Run by test/lint/boundaries.spec.ts; `node test/lint/lint-fixtures.mjs` shows the same by hand.
import { ESLint } from 'eslint';
import process from 'node:process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const fixtures = join(here, 'fixtures');
const eslint = new ESLint({ cwd: root });
const results = {};
for (const name of readdirSync(fixtures).sort()) {
  const code = readFileSync(join(fixtures, name), 'utf8');
  const lintAs = /^\/\/ lint as: (\S+)/.exec(code)?.[1];
  if (!lintAs) throw new Error(`${name}: the first line must say "// lint as: <path>"`);
  const [result] = await eslint.lintText(code, { filePath: join(root, lintAs) });
  results[name] = result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}
process.stdout.write(JSON.stringify(results));
