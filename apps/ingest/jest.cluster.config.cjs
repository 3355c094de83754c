// `npm run test:cluster`: three service processes, PostgreSQL and Redis started by the suite (issue 21).
module.exports = require('../../jest.base.cjs')(__dirname, {
  testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
  maxWorkers: 1,
  testTimeout: 600_000,
});
