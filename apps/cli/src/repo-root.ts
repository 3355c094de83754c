import { resolve } from 'node:path';

/** The monorepo root (apps/cli/src → ../../..); shared data lives beside it in ../shared/data. */
export const repoRoot = resolve(__dirname, '../../..');
