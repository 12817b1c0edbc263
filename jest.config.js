/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  testTimeout: 30000,
  // Test files share one database, and with it the outbox: a worker started by one file would relay (and send to its
  // own SMTP sink) jobs written by another running at the same time. Until outbox rows carry their queue prefix, files
  // run one after another.
  maxWorkers: 1,
};
