import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../args';
import { simulateWard } from '../simulate/ward-simulator';
import { scoreMain, SCORE_OPTIONS } from './score.command';

describe('vigil score (command)', () => {
  it('replays a simulated stream offline and scores it against its truth, one JSON line per rule (the same with two worker engines)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-score-'));
    try {
      const ward = simulateWard({ patients: 3, hours: 12, seed: 's', scenario: 'af' });
      const stream = join(dir, 'w.ndjson');
      const truth = join(dir, 'w.truth.ndjson');
      writeFileSync(stream, ward.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      writeFileSync(truth, [{ _comment: 'header' }, ...ward.truth].map((t) => JSON.stringify(t)).join('\n') + '\n');
      let out = '';
      const code = await scoreMain(parseArgs([stream, '--truth', truth, '--json'], SCORE_OPTIONS), (s) => (out += s), () => undefined);
      expect(code).toBe(0);
      // Two engines in worker threads score exactly the same.
      let parallel = '';
      expect(await scoreMain(parseArgs([stream, '--truth', truth, '--json', '--workers', '2'], SCORE_OPTIONS), (s) => (parallel += s), () => undefined)).toBe(0);
      expect(parallel).toBe(out);
      const rows = out.trim().split('\n').map((l) => JSON.parse(l));
      const af = rows.find((r) => r.rule === 'af_rhythm');
      expect(af.episodes).toBe(ward.truth.filter((t) => t.kind === 'af').length);
      expect(af.detected).toBeGreaterThan(0);
      expect(af.alarmsPerPatientDay).toBeCloseTo(af.alarms / (3 * (12 * 60 + 1) / 1440), 2);
      expect(readFileSync(truth, 'utf8')).toContain('header');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000); // three offline replays and two worker threads: seconds on a busy 2-core machine

  it('explains what it needs', async () => {
    let err = '';
    expect(await scoreMain(parseArgs(['x.ndjson'], SCORE_OPTIONS), () => undefined, (s) => (err += s))).toBe(2);
    expect(err).toContain('--truth');
  });
});
