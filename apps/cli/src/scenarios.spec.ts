import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareTransitions, replayStream, summarize } from '@vigil/rules';
import { repoRoot } from './repo-root';
import { readExpected, readStream } from './commands/replay.command';

/** Every NDJSON scenario in libs/rules/scenarios replays to exactly its expected transitions. */
const dir = resolve(repoRoot, 'libs/rules/scenarios');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ndjson') && !f.endsWith('.expected.ndjson'))
  .map((f) => f.replace(/\.ndjson$/, ''))
  .sort();

describe('clinical scenario suite', () => {
  it('has at least 40 scenarios, each with an expectation file', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    const files = new Set(readdirSync(dir));
    for (const n of names) expect(files.has(`${n}.expected.ndjson`)).toBe(true);
  });

  it.each(names)('%s', (name) => {
    const items = readStream(readFileSync(join(dir, `${name}.ndjson`), 'utf8'), name);
    const expected = readExpected(readFileSync(join(dir, `${name}.expected.ndjson`), 'utf8'));
    const actual = replayStream(items).map(summarize);
    const diffs = compareTransitions(actual, expected);
    expect(diffs.join('\n')).toBe('');
  });
});
