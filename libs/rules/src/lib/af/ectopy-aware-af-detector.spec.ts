import { ECTOPY, ECTOPY_V3, type EctopyParams } from './ectopic-beat-classifier';
import { EctopyAwareAfDetector } from './ectopy-aware-af-detector';
import { CosenTracker } from './cosen-tracker';
import { RollingRatioReference } from './ratio-percentiles';
import type { DashWindow } from './dash-af-detector';
import { defaultThresholds } from '../threshold-set';

const t = defaultThresholds().values;

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Irregular stretches (AF-like) alternating with the mechanism of AFDB's false alarms: a sinus rate that
 * wanders over tens of beats, with premature beats at random (15%, no compensatory pause, no pattern).
 * Over 128 beats Dash reads the sinus stretch as AF; over 12 beats it is regular, so its COSEn is low.
 */
function mixed(): number[] {
  const rnd = lcg(9);
  const rr: number[] = [];
  let base = 820;
  for (let block = 0; block < 6; block++)
    for (let i = 0; i < 500; i++) {
      if (block % 2 === 0) {
        rr.push(450 + 500 * rnd());
        continue;
      }
      base = Math.min(980, Math.max(680, base + 40 * (rnd() - 0.5)));
      rr.push(rnd() < 0.15 ? base * (0.55 + 0.25 * rnd()) : base + 30 * (rnd() - 0.5));
    }
  return rr;
}

function windows(rr: number[], p: EctopyParams, batch = false): DashWindow[] {
  const d = new EctopyAwareAfDetector(t, new RollingRatioReference(), p);
  const out: DashWindow[] = [];
  let time = 0;
  if (batch) {
    for (let i = 0; i < rr.length; i += 40) {
      const part = rr.slice(i, i + 40);
      time += part.reduce((a, b) => a + b, 0);
      d.pushBatch(part, time, 0, out, 'N'.repeat(part.length));
    }
  } else for (const v of rr) d.push(v, (time += v), 0, out);
  d.newSeries(out);
  return out;
}

describe('EctopyAwareAfDetector: the COSEn gate (issue 18, fourth sitting)', () => {
  it('keeps a Dash-AF window as AF exactly when the mean COSEn of the beats in its span is above cosenMin', () => {
    const rr = mixed();
    const before = windows(rr, ECTOPY_V3);
    const now = windows(rr, ECTOPY);
    expect(now.map((w) => [w.startMs, w.endMs])).toEqual(before.map((w) => [w.startMs, w.endMs]));
    // The same COSEn, recomputed here over every beat, decides each window.
    const c = new CosenTracker();
    const per: Array<[number, number]> = [];
    let time = 0;
    for (const v of rr) per.push([(time += v), c.push(v, time)]);
    let gated = 0;
    before.forEach((w, k) => {
      const inSpan = per.filter(([tm, v]) => tm >= w.startMs - 1e-6 && tm <= w.endMs && v === v).map(([, v]) => v);
      const mean = inSpan.reduce((a, b) => a + b, 0) / inSpan.length;
      expect(now[k].af).toBe(w.af && mean > ECTOPY.cosenMin);
      if (w.af && !now[k].af) gated++;
    });
    expect(before.filter((w) => w.af).length).toBeGreaterThan(20);
    expect(gated).toBeGreaterThan(0);
    expect(now.filter((w) => w.af).length).toBeGreaterThan(20);
  });

  it('gates by the threshold: none above an impossible floor, all of Dash’s with the gate off', () => {
    const rr = mixed();
    expect(windows(rr, { ...ECTOPY, cosenMin: 50 }).filter((w) => w.af)).toHaveLength(0);
    expect(windows(rr, { ...ECTOPY, cosenGate: 0 }).map((w) => w.af)).toEqual(windows(rr, ECTOPY_V3).map((w) => w.af));
  });

  it('gates monitor-labelled batches too (COSEn of every interval, labelled or not)', () => {
    const rr = mixed();
    const labelled = windows(rr, ECTOPY, true);
    const ungated = windows(rr, { ...ECTOPY, cosenGate: 0 }, true);
    expect(labelled.filter((w) => w.af).length).toBeLessThan(ungated.filter((w) => w.af).length);
    expect(labelled.filter((w) => w.af).length).toBeGreaterThan(20);
  });
});
