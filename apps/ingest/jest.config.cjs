module.exports = require('../../jest.base.cjs')(__dirname, {
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
  // One service per suite; suites run one at a time so PGlite cold starts do not starve each other on 2 cores.
  maxWorkers: 1,
  testTimeout: 60_000,
  // Quiet unless LOG_LEVEL is set (see the file).
  setupFiles: ['<rootDir>/jest.setup.cjs'],
  // Closes what a test file left open, e.g. an app whose start outlived its setup's timeout.
  setupFilesAfterEnv: ['<rootDir>/test/support/after-each-file.ts'],
});
