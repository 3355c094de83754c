module.exports = require('../../jest.base.cjs')(__dirname, { testTimeout: 120_000 });
