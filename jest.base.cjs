// Shared jest settings: swc for speed (types are checked by each project's `typecheck` target).
const path = require('node:path');
const root = __dirname;

module.exports = function jestConfig(projectDir, overrides = {}) {
  return {
    rootDir: projectDir,
    testEnvironment: 'node',
    transform: {
      '^.+\\.(t|j)sx?$': [
        require.resolve('@swc/jest'),
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true, tsx: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
          module: { type: 'commonjs' },
        },
      ],
    },
    moduleNameMapper: {
      '^@vigil/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
      '^@vigil/rules$': path.join(root, 'libs/rules/src/index.ts'),
      '^@vigil/interop$': path.join(root, 'libs/interop/src/index.ts'),
      '^@vigil/testing$': path.join(root, 'libs/testing/src/index.ts'),
    },
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
    ...overrides,
  };
};
