// Unit tests live beside the code (src/**/*.spec.ts); test/ holds the file-by-file tests over the public
// samples in fixtures/, which read files and so stay out of the library's source folder.
module.exports = require('../../jest.base.cjs')(__dirname, {
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
});
