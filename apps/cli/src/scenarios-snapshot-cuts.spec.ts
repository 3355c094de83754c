import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareTransitions, restoreEngine, RulesEngine, snapshotEngine, summarize, toMs, type StreamItem } from '@vigil/rules';
import type { EngineTransition } from '@vigil/contracts';
import { repoRoot } from './repo-root';
import { readExpected, readStream } from './commands/replay.command';

/**
 * The scenario suite again, with the engine snapshotted (through JSON text, as stored) and restored
 * at every cut point: items [0, k) through one engine, items [k, n) through its restored copy. Every
 * cut must give exactly the scenario's expected transitions.
 */
const dir = resolve(repoRoot, 'libs/rules/scenarios');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ndjson') && !f.endsWith('.expected.ndjson'))
  .map((f) => f.replace(/\.ndjson$/, ''))
  .sort();

function run(engine: RulesEngine, items: StreamItem[], clock: { t: number }, out: EngineTransition[]): void {
  for (const item of items) {
    const t = toMs(item.time);
    if (t > clock.t) {
      clock.t = t;
      out.push(...engine.tick(item.time));
    }
    if (item.type !== 'tick') out.push(...engine.process(item));
  }
}

describe('clinical scenario suite with a snapshot/restore cut at every event', () => {
  it.each(names)('%s', (name) => {
    const items = readStream(readFileSync(join(dir, `${name}.ndjson`), 'utf8'), name);
    const expected = readExpected(readFileSync(join(dir, `${name}.expected.ndjson`), 'utf8'));
    for (let k = 0; k <= items.length; k++) {
      const out: EngineTransition[] = [];
      const clock = { t: Number.NEGATIVE_INFINITY };
      const before = new RulesEngine();
      run(before, items.slice(0, k), clock, out);
      const restored = restoreEngine(JSON.parse(JSON.stringify(snapshotEngine(before))));
      run(restored, items.slice(k), clock, out);
      const diffs = compareTransitions(out.map(summarize), expected);
      if (diffs.length > 0) throw new Error(`cut before item ${k + 1} of ${items.length}:\n${diffs.join('\n')}`);
    }
  });
});
