import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * The layers, bottom first. A module may import modules of lower layers only, and only through
 * their door (`libs/<name>/src/index.ts`, imported as `@albergue/<name>`). A new module gets a
 * line here and a path alias in tsconfig.json.
 */
const LAYERS = [
  ['platform'],
  ['access'],
  ['intake'],
  ['asylum', 'incidents', 'referrals', 'documents'],
  ['exports', 'casefile'],
];
const MODULES = LAYERS.flat();
const layerOf = (name) => LAYERS.findIndex((layer) => layer.includes(name));

/** `import-x/no-restricted-paths` zones: each forbidden arrow of the architecture. */
const zones = [
  // No import runs back up: a module never imports one of its own or a higher layer (but itself).
  ...MODULES.flatMap((target) =>
    MODULES.filter((from) => from !== target && layerOf(from) >= layerOf(target)).map((from) => ({
      target: `./libs/${target}`,
      from: `./libs/${from}`,
      message: `${target} sits below ${from} (or beside it): it must not import it. See the README's Layout.`,
    })),
  ),
  // Doors: past a module's index.ts nobody else reaches, by alias or relative path.
  ...MODULES.map((name) => ({
    target: [
      ...[...MODULES, 'migrations'].filter((other) => other !== name).map((other) => `./libs/${other}`),
      './apps/api',
      './apps/worker',
      './scripts',
      './migrations',
    ],
    from: `./libs/${name}/src`,
    except: ['./index.ts'],
    message: `Import ${name} through its door, @albergue/${name} (libs/${name}/src/index.ts).`,
  })),
  // The libraries know nothing of the apps.
  { target: './libs', from: './apps', message: 'Libraries never import an app.' },
  // The API and the worker are assembled separately.
  { target: './apps/api', from: './apps/worker', message: 'The API app must not import the worker app.' },
  { target: './apps/worker', from: './apps/api', message: 'The worker app must not import the API app.' },
  // The web app is built for the browser from its own folder only, but for the age rules: pure
  // functions without imports, so the desk warns of a minor with exactly the rule intake applies.
  {
    target: './apps/web',
    from: ['./apps/api', './apps/worker', './scripts', './test', './bench', './migrations'],
    message: 'The web app imports nothing outside apps/web (it talks to the API over HTTP).',
  },
  {
    target: './apps/web',
    from: './libs',
    except: ['./platform/src/age/person-age.ts', './platform/src/age/minors-in-group.ts'],
    message: 'The web app imports nothing outside apps/web (it talks to the API over HTTP).',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '*.config.js', 'test/lint/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@albergue/*/*'],
              message: 'Import a library through its door (@albergue/<name>), not a deep path.',
            },
            { group: ['../../../../*'], message: 'Use the library aliases instead of deep relative imports.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: [`${root}/tsconfig.json`] })],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: root, zones }] },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
