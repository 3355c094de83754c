import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STATE_CLASSES } from './state-classes';

/** Classes of the library that never hold engine state. */
const NOT_STATE = new Set(['GraphCodecError', 'EngineSnapshotMismatchError']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return f.endsWith('.ts') && !f.endsWith('.spec.ts') ? [p] : [];
  });
}

describe('snapshot class registry', () => {
  it('registers every class of the rules library (a new class with state must be added, or snapshots of it fail)', () => {
    const declared = sources(resolve(__dirname, '..')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^export class (\w+)/gm)].map((m) => m[1]));
    const missing = declared.filter((c) => !NOT_STATE.has(c) && !(c in STATE_CLASSES));
    expect(missing).toEqual([]);
  });
});
