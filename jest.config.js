/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  // The template database is migrated and seeded once; every jest worker gets its own copy of it (test/setup/
  // databases.ts), so test files run in parallel without sharing rows, the outbox or queue work.
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  setupFiles: ['<rootDir>/test/setup/worker-database.ts'],
  testTimeout: 60000,
  maxWorkers: 3,
};
