import type { DashWindow } from '@vigil/rules';
import { simulateAlarms, type DetectorRun } from './af-validation';

/** Windows of 30 s from a pattern: A = AF, n = not AF, x = excluded (too few beats). */
function run(pattern: string, sustainWindows = 2, resolveWindows = 3): DetectorRun {
  const windows = [...pattern].map((c, i) => ({ startMs: i * 30_000, endMs: (i + 1) * 30_000, af: c === 'A', excluded: c === 'x' }) as unknown as DashWindow);
  return { windows, sustainWindows, resolveWindows };
}

describe('simulateAlarms (AF_RR persistence over detector windows)', () => {
  it('raises after sustainWindows AF windows and resolves after resolveWindows non-AF ones', () => {
    expect(simulateAlarms(run('nAAAnnnAnAA'))).toEqual([
      { raiseIndex: 2, raisedAt: 90_000, resolvedAt: 210_000 },
      { raiseIndex: 10, raisedAt: 330_000, resolvedAt: null },
    ]);
  });

  it('lets excluded windows neither count nor break a run', () => {
    expect(simulateAlarms(run('AxAnnxn'))).toEqual([{ raiseIndex: 2, raisedAt: 90_000, resolvedAt: 210_000 }]);
    expect(simulateAlarms(run('AnA'))).toEqual([]);
  });
});
