module.exports = require('../../jest.base.cjs')(__dirname, {
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  maxWorkers: 1,
  testTimeout: 120_000,
});
