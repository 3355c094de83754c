import { DashAfDetector, FixedRatioReference, RollingRatioReference, defaultThresholds, recordPercentiles, type DashWindow } from '@vigil/rules';
import type { AfdbRecord } from './afdb-record';

export type ReferenceMode = 'rolling' | 'record';

export interface Counts {
  tp: number;
  fn: number;
  tn: number;
  fp: number;
  excluded: number;
}

export interface RecordResult extends Counts {
  record: string;
  beats: number;
  windows: number;
  episodes: number;
  detected: number;
  /** Detection delay, seconds, for episodes whose alarm was raised after their onset. */
  delaysS: number[];
  /** Episodes that began while an alarm was already active (no delay to measure). */
  alreadyAlarming: number;
  falseAlarms: number;
  hours: number;
}

const EPISODE_MIN_MS = 30_000;

/**
 * Runs the streaming Dash detector (the one AF_RR uses) over one record and scores it: windows against
 * the reference (a window is AF when ≥50% of its beats are AFIB), and AF episodes ≥30 s against the
 * AF_RR alarm state (raise on 2 consecutive AF windows, resolve on 4 non-AF windows).
 */
export function validateRecord(rec: AfdbRecord, mode: ReferenceMode = 'rolling'): RecordResult {
  const t = defaultThresholds().values;
  const reference = mode === 'record' ? new FixedRatioReference(recordPercentiles(rec.rrMs)) : new RollingRatioReference();
  const detector = new DashAfDetector(t, reference);
  const windows: DashWindow[] = [];
  for (let i = 0; i < rec.rrMs.length; i++) detector.push(rec.rrMs[i], rec.timeMs[i], rec.af[i], windows);
  detector.newSeries(windows);

  const c: Counts = { tp: 0, fn: 0, tn: 0, fp: 0, excluded: 0 };
  const alarms: Array<[number, number]> = []; // [raise, resolve) of the simulated AF_RR alert
  let pos = 0;
  let neg = 0;
  let raisedAt: number | null = null;
  for (const w of windows) {
    if (w.excluded) {
      c.excluded++;
      continue;
    }
    const refAf = w.tagged * 2 >= t.dashWindow;
    if (w.af && refAf) c.tp++;
    else if (w.af) c.fp++;
    else if (refAf) c.fn++;
    else c.tn++;
    if (w.af) {
      pos++;
      neg = 0;
    } else {
      neg++;
      pos = 0;
    }
    if (raisedAt === null && pos >= t.afRrSustainWindows) raisedAt = w.endMs;
    else if (raisedAt !== null && neg >= t.afRrResolveWindows) {
      alarms.push([raisedAt, w.endMs]);
      raisedAt = null;
    }
  }
  const end = rec.timeMs.length ? rec.timeMs[rec.timeMs.length - 1] : 0;
  if (raisedAt !== null) alarms.push([raisedAt, end + 1]);

  const episodes = rec.afSpans.filter(([s, e]) => e - s >= EPISODE_MIN_MS);
  const delaysS: number[] = [];
  let detected = 0;
  let alreadyAlarming = 0;
  for (const [s, e] of episodes) {
    const hit = alarms.find(([a, b]) => a < e && b > s);
    if (!hit) continue;
    detected++;
    if (hit[0] >= s) delaysS.push((hit[0] - s) / 1000);
    else alreadyAlarming++;
  }
  // A false alarm is a raise that does not fall inside (or within a minute after) any reference AF span.
  const falseAlarms = alarms.filter(([a]) => !rec.afSpans.some(([s, e]) => a >= s && a <= e + 60_000)).length;
  return { record: rec.name, beats: rec.rrMs.length, windows: windows.length, ...c, episodes: episodes.length, detected, delaysS, alreadyAlarming, falseAlarms, hours: end / 3_600_000 };
}

export interface Totals extends Counts {
  records: number;
  windows: number;
  sensitivity: number;
  specificity: number;
  ppv: number;
  episodes: number;
  detected: number;
  episodeSensitivity: number;
  medianDelayS: number | null;
  falseAlarms: number;
  falseAlarmsPerHour: number;
}

export const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);

export function totals(results: RecordResult[]): Totals {
  const sum = (k: keyof Counts | 'windows' | 'episodes' | 'detected' | 'falseAlarms' | 'hours') => results.reduce((s, r) => s + r[k], 0);
  const c = { tp: sum('tp'), fn: sum('fn'), tn: sum('tn'), fp: sum('fp'), excluded: sum('excluded') };
  const delays = results.flatMap((r) => r.delaysS).sort((a, b) => a - b);
  return {
    records: results.length,
    windows: sum('windows'),
    ...c,
    sensitivity: ratio(c.tp, c.tp + c.fn),
    specificity: ratio(c.tn, c.tn + c.fp),
    ppv: ratio(c.tp, c.tp + c.fp),
    episodes: sum('episodes'),
    detected: sum('detected'),
    episodeSensitivity: ratio(sum('detected'), sum('episodes')),
    medianDelayS: delays.length ? delays[Math.floor(delays.length / 2)] : null,
    falseAlarms: sum('falseAlarms'),
    falseAlarmsPerHour: ratio(sum('falseAlarms'), sum('hours')),
  };
}
