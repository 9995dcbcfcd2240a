/**
 * One run for unit tests (`*.spec.ts` beside the code) and end-to-end tests (`test/`), all
 * against the real Postgres and Redis. @swc/jest compiles TypeScript; Nest 12 and several of
 * Fastify's dependencies are ES modules, which Jest loads through Node's require(esm): that needs
 * Node >= 24.9 and --experimental-vm-modules (see the `test` script).
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@albergue/(.*)$': '<rootDir>/libs/$1/src',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  // A test app that fails half-way through Nest's start-up cannot always be closed; never let that hang CI.
  forceExit: true,
};
