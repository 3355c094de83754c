import type { TruthEpisode } from './chart-runs';
import { allBandFloor, dataGapFloor } from './all-band-floor';
import type { MimicTruth, RuleTruth } from './mimic-truth';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ep = (stay: string, startH: number, endH: number): TruthEpisode => ({ stay, start: startH * HOUR, confirmedAt: endH * HOUR, end: endH * HOUR, charts: 2 });
const none: RuleTruth = { mediumPlus: [], anyBand: [], resolves: new Map(), quietMs: 0 };

function truth(over: Partial<Omit<MimicTruth, 'rules'>> & { rules?: Partial<MimicTruth['rules']> }): MimicTruth {
  return {
    hypotension: [],
    hypotensionAnyGap: [],
    oliguria: [],
    oliguriaResolves: new Map(),
    arrivals: new Map(),
    ...over,
    rules: { hypotension: none, fever: none, hypoxia: none, tachycardia: none, af_rhythm: none, creatinine: none, ...over.rules },
  };
}
const row = (rows: ReturnType<typeof allBandFloor>, rule: string) => rows.find((r) => r.rule === rule);

describe('the all-band floor (every band, the issue’s 95% and read strictly)', () => {
  it('counts any-band groups (LOW tachycardia included), and the MAP episodes at 95% against every C1/C2 episode read strictly', () => {
    const tachy: RuleTruth = { mediumPlus: [ep('A', 1, 2)], anyBand: [ep('A', 0, 2), ep('A', 5, 6), ep('A', 9, 10)], resolves: new Map([['A', [4 * HOUR]]]), quietMs: 0 };
    const mapEps = Array.from({ length: 20 }, (_, i) => ep('A', 3 * i, 3 * i + 1));
    const hypo: RuleTruth = { mediumPlus: mapEps, anyBand: [...mapEps, ep('A', 70, 71)], resolves: new Map([['A', mapEps.map((e) => e.end + HOUR)]]), quietMs: 0 };
    const rows = allBandFloor(truth({ rules: { tachycardia: tachy, hypotension: hypo } }), new Set(['A']));
    expect(row(rows, 'tachycardia')?.at95.alerts).toBe(2); // a resolve at 4 h splits 0–2 from 5–6 and 9–10
    expect(row(rows, 'hypotension')?.at95.alerts).toBe(19); // 95% of 20 groups of one
    expect(row(rows, 'hypotension')?.strict.alerts).toBe(21); // every C1/C2 episode
  });

  it('oliguria: groups of KDIGO episodes split by the charted resolves, 95% and all; only the stays given', () => {
    const eps = [...Array.from({ length: 19 }, (_, i) => ep('O', 10 * i, 10 * i + 2)), ep('P', 0, 1)];
    const t = truth({ oliguria: eps, oliguriaResolves: new Map([['O', eps.slice(0, 19).map((e) => e.end + HOUR)]]) });
    expect(row(allBandFloor(t, new Set(['O', 'P'])), 'oliguria')?.at95.alerts).toBe(19); // 95% of 20
    expect(row(allBandFloor(t, new Set(['O', 'P'])), 'oliguria')?.strict.alerts).toBe(20);
    expect(row(allBandFloor(t, new Set(['O'])), 'oliguria')?.strict.alerts).toBe(19);
  });

  it('DATA_GAP at the §10 defaults (urine 3 h, vitals 4 h): hysteresis needs fewer alerts than resolve on arrival', () => {
    const h = (...hours: number[]) => hours.map((x) => x * HOUR);
    // Urine: late at 4 (due 3), on cadence 5, late at 9 (due 8), on cadence 10, 11. Vitals every 2 h.
    const t = truth({ arrivals: new Map([['G', { urine: h(0, 4, 5, 9, 10, 11), vitals: h(0, 2, 4, 6, 8, 10), end: 12 * HOUR }]]) });
    expect(dataGapFloor(t, new Set(['G']), 'arrival')).toEqual({ gaps: 2, alerts: 2 });
    expect(dataGapFloor(t, new Set(['G']), 'hysteresis')).toEqual({ gaps: 2, alerts: 1 });
    expect(row(allBandFloor(t, new Set(['G'])), 'data_gap')?.at95).toEqual({ episodes: 2, groups: 1, alerts: 1, fraction: 1 });
    expect(dataGapFloor(t, new Set(['X']), 'arrival')).toEqual({ gaps: 0, alerts: 0 });
  });
});
