import { DashAfDetector, type DashWindow } from './dash-af-detector';
import { FixedRatioReference } from './ratio-percentiles';
import { countTurningPoints, dashFeatures } from './dash-features';
import { defaultThresholds } from '../threshold-set';

const t = defaultThresholds().values;

function feed(d: DashAfDetector, rr: number[], start = 0): DashWindow[] {
  const out: DashWindow[] = [];
  let time = start;
  for (const v of rr) {
    time += v;
    d.push(v, time, 0, out);
  }
  return out;
}

describe('DashAfDetector (streaming §3.2)', () => {
  it('with beat classes, uses only normal-to-normal intervals: labelled bigeminy is not AF, AF with labelled PVCs still is', () => {
    // Ventricular bigeminy, N-V-N-V: premature 500 ms then pause 1100 ms (irregular-looking RR).
    const bigeminy = Array.from({ length: 600 }, (_, i) => (i % 2 ? 1100 : 500));
    const classes = bigeminy.map((_, i) => (i % 2 ? 'N' : 'V')).join('');
    const unlabelled = new DashAfDetector(t).pushBatch(bigeminy, bigeminy.reduce((a, b) => a + b, 0));
    expect(unlabelled.length).toBeGreaterThan(0);
    const labelled = new DashAfDetector(t).pushBatch(bigeminy, bigeminy.reduce((a, b) => a + b, 0), 0, [], classes);
    expect(labelled.filter((w) => w.af)).toEqual([]);
    // AF (uniform 450–1050 ms) with every 5th beat a labelled PVC: the N-N intervals are still AF.
    let seed = 5;
    const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const af = Array.from({ length: 800 }, () => Math.round(450 + rnd() * 600));
    const afClasses = af.map((_, i) => (i % 5 === 4 ? 'V' : 'N')).join('');
    const d = new DashAfDetector(t);
    const out: DashWindow[] = [];
    let time = 0;
    for (let i = 0; i < af.length; i++) d.push(af[i], (time += af[i]), 0, out, afClasses.charCodeAt(i));
    expect(out.length).toBeGreaterThan(10);
    expect(out.every((w) => w.af && !w.excluded)).toBe(true);
  });

  it('with tprRelief, lowers the TPR floor by the share of labelled intervals: AF with labelled beats and a low TPR stays AF, and nothing else changes', () => {
    // AF-like RR with short-range correlation (AR(1), φ 0.6: TPR 0.52–0.57, as real AF often is, below
    // i.i.d.'s 2/3) where every 10th beat is labelled ectopic: the window drops 2 intervals in 10.
    let seed = 11;
    const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    let x = 0;
    const af = Array.from({ length: 2000 }, () => {
      x = 0.6 * x + (rnd() - 0.5);
      return Math.round(750 + 500 * x);
    });
    const classes = af.map((_, i) => (i % 10 === 9 ? 'V' : 'N')).join('');
    const run = (relief: number, cls: string | null) => {
      const d = new DashAfDetector(t, undefined, relief);
      const out: DashWindow[] = [];
      let time = 0;
      for (let i = 0; i < af.length; i++) d.push(af[i], (time += af[i]), 0, out, cls === null ? -1 : cls.charCodeAt(i));
      return out;
    };
    const plain = run(0, classes);
    const relieved = run(1, classes);
    expect(plain.every((w) => w.labelled === 32)).toBe(true); // 16 labelled beats, each dropping its interval and the next
    // Without relief a third of the windows fail, on TPR alone (nRMSSD and entropy are AF's).
    const fails = plain.filter((w) => !w.af);
    expect(fails.length).toBeGreaterThan(plain.length / 4);
    expect(fails.every((w) => w.nrmssd > t.dashNrmssd && w.shannon > t.dashShannon && w.tpr <= t.dashTprLow && w.tpr > t.dashTprLow - 0.2)).toBe(true);
    // Floor 0.54 − 1 × 32/160: every window is AF, with the same features.
    expect(relieved.every((w) => w.af)).toBe(true);
    expect(relieved.map((w) => w.tpr)).toEqual(plain.map((w) => w.tpr));
    // No labelled interval: the relief changes nothing (same windows, same verdicts, labelled 0).
    const a = run(0, null);
    const b = run(1, null);
    expect(b.map((w) => [w.af, w.tpr])).toEqual(a.map((w) => [w.af, w.tpr]));
    expect(a.some((w) => !w.af)).toBe(true);
    expect(b.every((w) => w.labelled === 0)).toBe(true);
    // Sinus rhythm with labelled bigeminy is still not AF with the relief (its N-N intervals are regular).
    const big = Array.from({ length: 600 }, (_, i) => (i % 2 ? 1100 : 500));
    const bigCls = big.map((_, i) => (i % 2 ? 'N' : 'V')).join('');
    const d = new DashAfDetector(t, undefined, 1);
    expect(d.pushBatch(big, big.reduce((p, q) => p + q, 0), 0, [], bigCls).filter((w) => w.af)).toEqual([]);
  });

  it('emits the first window at 128 beats and then every 16', () => {
    const d = new DashAfDetector(t);
    expect(feed(d, new Array(127).fill(800))).toHaveLength(0);
    const more = feed(d, new Array(1 + 32).fill(800), 127 * 800);
    // The ectopic test looks two beats ahead, so beats 159–160 are still pending…
    expect(more.map((w) => w.endMs)).toEqual([128 * 800, 144 * 800]);
    // …until the series ends and they are accepted untested.
    expect(d.newSeries().map((w) => w.endMs)).toEqual([160 * 800]);
  });

  it('removes a premature beat and its compensatory pause (ratio test) and counts them', () => {
    const ref = new FixedRatioReference({ p1: 0.8, p25: 0.98, p99: 1.2 });
    const d = new DashAfDetector(t, ref);
    const rr = [...new Array(50).fill(800), 500, 1100, ...new Array(100).fill(800)];
    const w = feed(d, rr);
    expect(d.removed).toBe(2);
    // With the pair removed, the windows are perfectly regular.
    expect(w.every((x) => x.nrmssd === 0)).toBe(true);
  });

  it('drops artifacts outside 250–2500 ms and restarts the series after a >3 s gap', () => {
    const d = new DashAfDetector(t);
    const out = feed(d, [...new Array(100).fill(800), 200, 3200, ...new Array(100).fill(800)]);
    // 100 beats before the gap and 100 after: never 128 in one series.
    expect(out).toHaveLength(0);
    expect(d.removed).toBe(2);
  });

  it('gives every window the features of its 128 filtered beats computed afresh (running turning points, kept extremes)', () => {
    // No ectopic removal (p1 = 0), so the filtered series is the guarded one: artifacts dropped, a new series after the gap.
    const d = new DashAfDetector(t, new FixedRatioReference({ p1: 0, p25: 1, p99: 100 }));
    let s = 3;
    const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const raw: number[] = [];
    for (let i = 0; i < 700; i++) raw.push(i === 150 ? 200 : i === 400 ? 3200 : i % 200 < 90 ? Math.round(400 + r() * 700) : 780 + (i % 7) * 10);
    const out: DashWindow[] = [];
    const kept: { v: number; t: number; series: number }[] = [];
    let time = 0;
    let series = 0;
    for (const v of raw) {
      time += v;
      d.push(v, time, 0, out);
      if (v > t.rrGapMs) series++;
      if (v >= t.rrMinMs && v <= t.rrMaxMs) kept.push({ v, t: time, series });
    }
    out.push(...d.newSeries());
    expect(out.length).toBeGreaterThan(20);
    for (const w of out) {
      const end = kept.findIndex((k) => k.t === w.endMs);
      const x = kept.slice(end - 127, end + 1);
      expect(x.every((k) => k.series === x[0].series)).toBe(true);
      const v = x.map((k) => k.v);
      expect(w.tpr).toBe(countTurningPoints(v, 0, 128) / 128);
      expect({ nrmssd: w.nrmssd, shannon: w.shannon, tpr: w.tpr }).toEqual(dashFeatures(v, 8));
    }
  });

  it('with skipNonAfFeatures, gives the same verdicts and leaves out only non-AF windows\' features until an AF window', () => {
    let s = 11;
    const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    // Sinus with drift and the odd ectopic pair, then AF, then sinus again.
    const rr = Array.from({ length: 3000 }, (_, i) => (i >= 1200 && i < 1800 ? Math.round(350 + r() * 700) : Math.round(780 + 60 * Math.sin(i / 40) + r() * 20) + (i % 97 === 0 ? -300 : 0)));
    const full = feed(new DashAfDetector(t), rr);
    const lazy = new DashAfDetector(t);
    lazy.skipNonAfFeatures = true;
    const got = feed(lazy, rr);
    expect(got).toHaveLength(full.length);
    const verdict = (w: DashWindow) => ({ af: w.af, excluded: w.excluded, tpr: w.tpr, startMs: w.startMs, endMs: w.endMs, tagged: w.tagged, rawBeats: w.rawBeats });
    expect(got.map(verdict)).toEqual(full.map(verdict));
    const firstAf = full.findIndex((w) => w.af);
    expect(firstAf).toBeGreaterThan(0);
    const skipped = got.filter((w) => Number.isNaN(w.nrmssd));
    // Most sinus windows are settled without the trim pass, and none of them is AF.
    expect(skipped.length).toBeGreaterThan(firstAf / 2);
    expect(skipped.every((w) => !w.af && Number.isNaN(w.shannon))).toBe(true);
    got.forEach((w, i) => {
      if (!Number.isNaN(w.nrmssd)) expect(w).toEqual(full[i]);
      // From the first AF window on, every window carries its features (the flag cleared itself).
      if (i >= firstAf) expect(w).toEqual(full[i]);
    });
    expect(lazy.skipNonAfFeatures).toBe(false);
  });

  it('gives the same windows for a monitor\'s batches as for the same beats pushed one by one', () => {
    let s = 5;
    const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    // Sinus, AF, artifacts (too short, too long), a >3 s gap mid-batch, ectopic pairs; batches of 1–90 beats.
    const rr = Array.from({ length: 4000 }, (_, i) => (i === 1500 ? 3400 : i % 311 === 0 ? 180 : i % 97 === 0 ? 420 : i >= 2000 && i < 2600 ? Math.round(350 + r() * 700) : 790 + Math.round(r() * 25)));
    const one = new DashAfDetector(t);
    const batched = new DashAfDetector(t);
    const a: DashWindow[] = [];
    const b: DashWindow[] = [];
    let end = 0;
    for (let i = 0; i < rr.length; ) {
      const batch = rr.slice(i, i + 1 + Math.floor(r() * 90));
      i += batch.length;
      // The beat times a monitor's batch implies, counted back from its last beat, as pushBatch counts them.
      end += batch.reduce((x, y) => x + y, 0);
      let time = end;
      for (let k = batch.length - 1; k > 0; k--) time -= batch[k];
      batch.forEach((v, k) => one.push(v, k === 0 ? time : (time += v), 0, a));
      batched.pushBatch(batch, end, 0, b);
    }
    a.push(...one.newSeries());
    b.push(...batched.newSeries());
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(batched.removed).toBe(one.removed);
  });

  it('marks a window excluded when >10% of its raw beats were removed', () => {
    const d = new DashAfDetector(t);
    const rr: number[] = [];
    for (let i = 0; i < 160; i++) rr.push(i % 6 === 0 ? 100 : 800); // every 6th is an artifact: ~17% removed
    const w = feed(d, rr);
    expect(w.length).toBeGreaterThan(0);
    expect(w.every((x) => x.excluded)).toBe(true);
  });
});
