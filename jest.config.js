const { jestModuleNameMapper } = require('./scripts/path-aliases.cjs');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      // Nest injects by constructor parameter types; without decorator metadata it silently injects undefined.
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/** What every tier shares. */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // @nestjs/* (and a few of its dependencies) ship ES modules only; jest on Node 20 needs them transformed.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|cookie|uuid|idb|nanoid|file-type|strtok3|token-types|@tokenizer|uint8array-extras|glob|minimatch|path-scurry|minipass|brace-expansion|balanced-match|@isaacs|content-disposition)/)',
  ],
  // From tsconfig.json's paths (scripts/path-aliases.cjs): add a library there, not here.
  moduleNameMapper: jestModuleNameMapper(),
};

/** The embedded TimescaleDBs (and the Redis address) for the tiers that talk to them; started once per run. */
const services = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
};

/** One jest project per folder of tests/ (`npm run test:<tier>` runs one; `npm test` all of them). */
const tier = (name, extra = {}) => ({
  ...common,
  displayName: name,
  roots: [`<rootDir>/tests/${name}`],
  testMatch: ['**/*.test.ts'],
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    // Pure code: no database, no Redis, no processes of the app; seconds.
    tier('unit'),
    // Real Redis and embedded TimescaleDB, and external tools (docker-compose).
    tier('integration', services),
    // The app booted whole, in this process or as processes of its own (from dist/).
    tier('e2e', services),
    // The dashboard (from dist/dashboard) in Chromium.
    tier('browser', services),
    // Performance budgets and fuzzing at full size: figures that a loaded machine can miss.
    tier('perf', services),
  ],
  maxWorkers: 2,
  testTimeout: 60_000,
};
