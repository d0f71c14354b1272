/** @type {import('jest').Config} */
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

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // @nestjs/* (and a few of its dependencies) ship ES modules only; jest on Node 20 needs them transformed.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|cookie|uuid|idb|nanoid|file-type|strtok3|token-types|@tokenizer|uint8array-extras|glob|minimatch|path-scurry|minipass|brace-expansion|balanced-match|@isaacs|content-disposition)/)',
  ],
  moduleNameMapper: {
    '^@kiosk-pulse/contract$': '<rootDir>/libs/contract/src',
    '^@kiosk-pulse/contract/(.*)$': '<rootDir>/libs/contract/src/$1',
    '^@kiosk-pulse/database$': '<rootDir>/libs/database/src',
    '^@kiosk-pulse/redis$': '<rootDir>/libs/redis/src',
    '^@kiosk-pulse/logging$': '<rootDir>/libs/logging/src',
    '^@kiosk-pulse/kiosk-client$': '<rootDir>/libs/kiosk-client/src',
    '^@kiosk-pulse/kiosk-client/(.*)$': '<rootDir>/libs/kiosk-client/src/$1',
  },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
};
