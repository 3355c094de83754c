import { percentileSorted, ratioBin, recordPercentiles, RollingRatioReference } from './ratio-percentiles';

const H = 3_600_000;

function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function exact(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { p1: percentileSorted(s, 1), p25: percentileSorted(s, 25), p99: percentileSorted(s, 99) };
}

describe('ectopic-filter reference percentiles (§3.2 step 1)', () => {
  it('per-record percentiles follow numpy linear interpolation', () => {
    // ratios of [100, 200, 100, 200, …] alternate 2 and 0.5
    const p = recordPercentiles([100, 200, 100, 200, 100]);
    expect(p.p1).toBeCloseTo(0.5, 9);
    expect(p.p99).toBeCloseTo(2, 9);
  });

  it('is silent until 200 ratios are in', () => {
    const r = new RollingRatioReference(24, 1);
    for (let i = 0; i < 199; i++) r.add(1, i * 1000);
    expect(r.percentiles()).toBeNull();
    r.add(1, 200_000);
    expect(r.percentiles()).not.toBeNull();
  });

  it('tracks the percentiles of the last 24 h within the histogram resolution, forgetting older hours', () => {
    const rnd = lcg(9);
    const ref = new RollingRatioReference(24, 1);
    const kept: Array<{ t: number; v: number }> = [];
    // 30 h, one ratio every 10 s; the spread widens after hour 12, so the window matters.
    for (let t = 0; t < 30 * H; t += 10_000) {
      const width = t < 12 * H ? 0.1 : 0.6;
      const v = 1 + (rnd() - 0.5) * width;
      ref.add(v, t);
      kept.push({ t, v });
    }
    const last = kept[kept.length - 1].t;
    // The reference keeps whole clock hours: the current one and the 23 before it.
    const from = Math.floor(last / H) * H - 23 * H;
    const want = exact(kept.filter((x) => x.t >= from).map((x) => x.v));
    const got = ref.percentiles();
    expect(got).not.toBeNull();
    if (!got) return;
    for (const k of ['p1', 'p25', 'p99'] as const) expect(Math.abs(Math.log(got[k] / want[k]))).toBeLessThan(0.01);
    // Had the old, narrow hours been kept, p25 would be clearly higher (≈0.95 against ≈0.90).
    const all = exact(kept.map((x) => x.v));
    expect(all.p25 - want.p25).toBeGreaterThan(0.03);
  });
});

describe('ratioBin (the log-free binning of the rolling reference)', () => {
  const LOG_MIN = Math.log(0.1);
  const WIDTH = (Math.log(10) - LOG_MIN) / 512;
  const byLog = (r: number) => Math.min(511, Math.max(0, Math.floor((Math.log(r) - LOG_MIN) / WIDTH)));

  it('puts every ratio of two RR intervals (250–2500 ms, 1 ms steps) in the bin the log formula gives', () => {
    let mismatches = 0;
    for (let a = 250; a <= 2500; a += 1) for (let b = 250; b <= 2500; b += 13) if (ratioBin(a / b) !== byLog(a / b)) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('clamps ratios outside 0.1–10 to the end bins', () => {
    expect([ratioBin(0.01), ratioBin(0.1), ratioBin(10), ratioBin(1e6)]).toEqual([0, byLog(0.1), 511, 511]);
  });
});
