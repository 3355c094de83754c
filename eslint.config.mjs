import nx from '@nx/eslint-plugin';

// Module boundaries (DESIGN.md): apps may import libs; rules and interop import only contracts;
// contracts imports only zod. The pure libs may not reach for frameworks, databases or node built-ins.
const frameworkImports = ['@nestjs/*', '@prisma/*', 'socket.io', 'socket.io-client', 'pg', '@electric-sql/*', 'express', 'react', 'react-dom', 'node:*', 'fs', 'path', 'net', 'http'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.data', '**/generated', '**/vite.config.*.timestamp*', 'tmp', 'artifacts'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'scope:dashboard', bannedExternalImports: ['@prisma/*', '@nestjs/*', 'pg', '@electric-sql/*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The pure libraries: no IO, no clock. Node built-ins are not "external" to the boundary rule, so ban them here.
    files: ['libs/rules/src/**/*.ts', 'libs/interop/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'net', 'http', 'https', 'child_process', 'os', 'crypto'], message: 'libs/rules, libs/interop and libs/contracts are pure: no IO or Node built-ins.' }] }],
    },
  },
  {
    // The engine is a pure function of events: time comes from events and tick(time), never a clock.
    files: ['libs/rules/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'the engine reads no clock: time comes from events and tick(time)' }, { object: 'performance', property: 'now', message: 'no clock in pure libs' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the clock: pass time in' }],
    },
  },
];
