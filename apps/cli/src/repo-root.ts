import { resolve } from 'node:path';

/** The monorepo root (apps/cli/src → ../../..). */
export const repoRoot = resolve(__dirname, '../../..');

/** Small public-data excerpts committed with the repository, with attribution (fixtures/README.md). */
export const fixturesDir = resolve(repoRoot, 'fixtures');

/** Full public data sets fetched by `npm run data:fetch` (git-ignored). */
export const dataDir = resolve(repoRoot, 'data');
