import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../args';
import { simulateWard } from '../simulate/ward-simulator';
import { scoreMain, SCORE_VALUED } from './score.command';

describe('vigil score (command)', () => {
  it('replays a simulated stream offline and scores it against its truth, one JSON line per rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-score-'));
    try {
      const ward = simulateWard({ patients: 3, hours: 12, seed: 's', scenario: 'af' });
      const stream = join(dir, 'w.ndjson');
      const truth = join(dir, 'w.truth.ndjson');
      writeFileSync(stream, ward.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      writeFileSync(truth, [{ _comment: 'header' }, ...ward.truth].map((t) => JSON.stringify(t)).join('\n') + '\n');
      let out = '';
      const code = scoreMain(parseArgs([stream, '--truth', truth, '--json'], SCORE_VALUED), (s) => (out += s), () => undefined);
      expect(code).toBe(0);
      const rows = out.trim().split('\n').map((l) => JSON.parse(l));
      const af = rows.find((r) => r.rule === 'af_rhythm');
      expect(af.episodes).toBe(ward.truth.filter((t) => t.kind === 'af').length);
      expect(af.detected).toBeGreaterThan(0);
      expect(af.alarmsPerPatientDay).toBeCloseTo(af.alarms / (3 * (12 * 60 + 1) / 1440), 2);
      expect(readFileSync(truth, 'utf8')).toContain('header');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains what it needs', () => {
    let err = '';
    expect(scoreMain(parseArgs(['x.ndjson'], SCORE_VALUED), () => undefined, (s) => (err += s))).toBe(2);
    expect(err).toContain('--truth');
  });
});
