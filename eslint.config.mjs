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
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'scope:dashboard', bannedExternalImports: ['@prisma/*', '@nestjs/*', 'pg', '@electric-sql/*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
