/**
 * One charted signal per ICU stay and chart time, read from MIMIC CHARTEVENTS rows directly (no
 * importer, no engine): the listed items, error-flagged rows and values outside the plausible
 * bounds left out, and the most abnormal value where several rows share a chart time.
 */

/** MIMIC chart times are `YYYY-MM-DD HH:MM:SS` (date-shifted, read as UTC). */
export const chartMs = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);

export interface SeriesSpec {
  /** itemid → conversion of `valuenum` to the signal's unit. */
  items: Readonly<Record<string, (v: number) => number>>;
  /** Plausible values, inclusive; others are not readings. */
  bounds: readonly [number, number];
  /** Which value of a chart time is the most abnormal. */
  worst: 'min' | 'max';
}

export const same = (v: number) => v;
export const fahrenheitToC = (f: number) => ((f - 32) * 5) / 9;

/** stay → chart time → value. */
export type ChartSeries = Map<string, Map<number, number>>;

export function chartSeries(rows: Record<string, string>[], spec: SeriesSpec): ChartSeries {
  const out: ChartSeries = new Map();
  const pick = spec.worst === 'min' ? Math.min : Math.max;
  for (const r of rows) {
    const convert = spec.items[r['itemid']];
    if (!convert || r['error'] === '1' || r['valuenum'] === '') continue;
    const v = convert(Number(r['valuenum']));
    if (!Number.isFinite(v) || v < spec.bounds[0] || v > spec.bounds[1]) continue;
    const m = out.get(r['icustay_id']) ?? new Map<number, number>();
    out.set(r['icustay_id'], m);
    const t = chartMs(r['charttime']);
    const prev = m.get(t);
    m.set(t, prev === undefined ? v : pick(prev, v));
  }
  return out;
}

/**
 * A charted text (e.g. the heart rhythm) per stay and time, classified by `rank`: where several
 * rows share a chart time the highest rank wins; texts ranked null are not readings.
 */
export function labelSeries(rows: Record<string, string>[], items: ReadonlySet<string>, rank: (text: string) => number | null): ChartSeries {
  const out: ChartSeries = new Map();
  for (const r of rows) {
    if (!items.has(r['itemid']) || r['error'] === '1') continue;
    const k = rank(r['value'].trim());
    if (k === null) continue;
    const m = out.get(r['icustay_id']) ?? new Map<number, number>();
    out.set(r['icustay_id'], m);
    const t = chartMs(r['charttime']);
    m.set(t, Math.max(k, m.get(t) ?? -Infinity));
  }
  return out;
}
