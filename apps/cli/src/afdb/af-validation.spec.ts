import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../repo-root';
import { readRecord } from './afdb-record';
import { ratio, totals, validateRecord, type RecordResult } from './af-validation';

/**
 * CI guard on real data (MIT-BIH AFDB): these four records must not fall below the figures the
 * AF_RR detector reaches at the time of writing (docs/VALIDATION.md). Floors are the current values
 * rounded down to 0.1 percentage point.
 */
const dir = resolve(repoRoot, '../shared/data/afdb-mitbih-af');
const floors: Record<string, { se: number; sp: number | null; episodes: number }> = {
  '04015': { se: 1.0, sp: 0.916, episodes: 2 },
  '04043': { se: 0.741, sp: 0.989, episodes: 55 },
  '07162': { se: 0.926, sp: null, episodes: 1 },
  '08455': { se: 0.959, sp: 1.0, episodes: 1 },
};

describe('AF_RR on MIT-BIH AFDB (regression floor)', () => {
  const results: RecordResult[] = [];

  beforeAll(() => {
    expect(existsSync(dir)).toBe(true);
    for (const name of Object.keys(floors)) results.push(validateRecord(readRecord(dir, name)));
  });

  it.each(Object.entries(floors))('record %s keeps its sensitivity, specificity and episode detection', (name, floor) => {
    const r = results.find((x) => x.record === name);
    if (!r) throw new Error(`record ${name} was not validated`);
    expect(ratio(r.tp, r.tp + r.fn)).toBeGreaterThanOrEqual(floor.se - 1e-9);
    if (floor.sp !== null) expect(ratio(r.tn, r.tn + r.fp)).toBeGreaterThanOrEqual(floor.sp - 1e-9);
    expect(r.detected).toBeGreaterThanOrEqual(floor.episodes);
  });

  it('the four records together stay at Se ≥ 91.6%, Sp ≥ 96.0%, PPV ≥ 95.5%', () => {
    const t = totals(results);
    expect(t.sensitivity).toBeGreaterThanOrEqual(0.916);
    expect(t.specificity).toBeGreaterThanOrEqual(0.96);
    expect(t.ppv).toBeGreaterThanOrEqual(0.955);
  });
});
