import { resolve } from 'node:path';

/** The monorepo root (libs/testing/src/lib → ../../../..). */
export const repoRoot = resolve(__dirname, '../../../..');
