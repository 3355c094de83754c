module.exports = require('../../jest.base.cjs')(__dirname, {
  // Unit specs beside the code; test/*.integration-spec.ts start the real service (DESIGN.md conventions).
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
});
