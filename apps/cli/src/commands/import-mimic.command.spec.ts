import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseClinicalEvent } from '@vigil/contracts';
import { parseArgs } from '../args';
import { fixturesDir } from '../repo-root';
import { importMimicMain, IMPORT_OPTIONS } from './import-mimic.command';

// Two patients of the MIMIC-III demo in the layout data:fetch writes (fixtures/mimic3-demo/SOURCE.md).
const fixture = resolve(fixturesDir, 'mimic3-demo');

describe('vigil import mimic (command, on the committed two-patient excerpt)', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'vigil-mimic-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes one attributed canonical stream per ICU stay with data, and a README', () => {
    let stderr = '';
    const code = importMimicMain(parseArgs(['mimic', fixture, '--out', out], IMPORT_OPTIONS), () => undefined, (s) => (stderr += s));
    expect(code).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.ndjson')).sort();
    expect(files).toEqual(['mimic-205589.ndjson', 'mimic-247686.ndjson', 'mimic-258147.ndjson']);
    for (const f of files) {
      const [header, ...events] = readFileSync(join(out, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(header._comment).toMatch(/MIMIC-III Clinical Database Demo/);
      expect(events[0].type).toBe('admit');
      expect(events.at(-1).type).toBe('discharge');
      for (const e of events) expect(parseClinicalEvent(e)).toMatchObject({ ok: true });
      if (f === 'mimic-205589.ndjson') continue;
      // These two stays have nurse-charted AF and a MAP below 65 (fixtures/mimic3-demo/SOURCE.md).
      expect(events.some((e) => e.type === 'rhythm' && e.rhythm === 'af')).toBe(true);
      expect(events.some((e) => e.type === 'vitals' && e.map < 65)).toBe(true);
    }
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/ODbL|Open Database License/);
  });

  it('exits 2 on a missing directory and prints the command that fetches the demo', () => {
    let stderr = '';
    const missing = join(out, 'no-such-dir');
    expect(importMimicMain(parseArgs(['mimic', missing], IMPORT_OPTIONS), () => undefined, (s) => (stderr += s))).toBe(2);
    expect(stderr).toContain('npm run data:fetch -- mimic3-demo');
  });
});
