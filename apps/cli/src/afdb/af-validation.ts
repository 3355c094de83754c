import { DashAfDetector, ECTOPY_REFERENCE_ONLY, ECTOPY_ROBUST, ECTOPY_ROBUST_LOOSE, ECTOPY_V3, EctopyAwareAfDetector, FixedRatioReference, RollingRatioReference, defaultThresholds, recordPercentiles, type DashWindow } from '@vigil/rules';
import type { AfRecord } from './afdb-record';

export type ReferenceMode = 'rolling' | 'record';
/**
 * dash: Dash 2009 alone (AF_RR before issue 18); ectopy: Dash on normal-to-normal intervals, ectopic
 * beats labelled from RR (AF_RR now); ectopy-v1: the same without the bigeminy/trigeminy pattern test,
 * with the first constants (AF_RR between issue 18's two sittings); ectopy-v2: AF_RR's without the TPR
 * relief for labelled beats (AF_RR after the second sitting); ectopy-v3: AF_RR's without the COSEn gate
 * (AF_RR after the third sitting); robust: AF_RR's plus the robust-irregularity
 * gate (issue 18's fourth sitting, ECTOPY_ROBUST, resolving after 32 windows unless told), chosen on the
 * declared tune set; robust-loose: the same gate at 0.4 (ECTOPY_ROBUST_LOOSE), picked seeing all of AFDB.
 */
export type DetectorName = 'dash' | 'ectopy' | 'ectopy-v3' | 'ectopy-v2' | 'ectopy-v1' | 'robust' | 'robust-loose';
export const DETECTOR_NAMES: readonly DetectorName[] = ['ectopy', 'ectopy-v3', 'ectopy-v2', 'ectopy-v1', 'dash', 'robust', 'robust-loose'];
/** The robust detectors' resolve (consecutive non-AF windows), unless --resolve-windows says otherwise. */
export const ROBUST_RESOLVE_WINDOWS = 32;

/** The window stream a candidate detector produces over a record, and the alarm persistence it runs with. */
export interface DetectorRun {
  windows: DashWindow[];
  sustainWindows: number;
  resolveWindows: number;
}

export interface ValidateOptions {
  reference?: ReferenceMode;
  /** Feed the reference beat classes with the RR intervals (MITDB), so the detector uses them. */
  beatLabels?: boolean;
  detector?: DetectorName;
  /** Consecutive AF windows that raise the alarm (default: the threshold set's afRrSustainWindows). */
  sustainWindows?: number;
  /** Consecutive non-AF windows that resolve it (default: the threshold set's afRrResolveWindows). */
  resolveWindows?: number;
}

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
  alarms: number;
  falseAlarms: number;
  /** Monitored hours, and those outside reference AF. */
  hours: number;
  nonAfHours: number;
  /** False-positive windows by the reference rhythm covering most of the window. */
  fpByRhythm: Record<string, number>;
  /** False alarms by the reference rhythm at the raise. */
  falseAlarmsByRhythm: Record<string, number>;
}

const EPISODE_MIN_MS = 30_000;
/** A raise more than this far from every reference AF span is a false alarm. */
const FALSE_ALARM_MARGIN_MS = 120_000;

/** Runs a candidate AF_RR detector (default: the engine's, with the default thresholds) over one record, beat by beat. */
export function runDetector(rec: AfRecord, opts: ValidateOptions = {}): DetectorRun {
  const t = defaultThresholds().values;
  const reference = opts.reference === 'record' ? new FixedRatioReference(recordPercentiles(rec.rrMs)) : new RollingRatioReference();
  const name = opts.detector ?? 'ectopy';
  const detector =
    name === 'dash'
      ? new DashAfDetector(t, reference)
      : name === 'ectopy-v1'
        ? new EctopyAwareAfDetector(t, reference, ECTOPY_REFERENCE_ONLY)
        : name === 'ectopy-v2'
          ? new EctopyAwareAfDetector(t, reference, { ...ECTOPY_V3, tprRelief: 0 })
          : name === 'ectopy-v3'
          ? new EctopyAwareAfDetector(t, reference, ECTOPY_V3)
          : name === 'robust'
            ? new EctopyAwareAfDetector(t, reference, ECTOPY_ROBUST)
            : name === 'robust-loose'
              ? new EctopyAwareAfDetector(t, reference, ECTOPY_ROBUST_LOOSE)
              : new EctopyAwareAfDetector(t, reference);
  const windows: DashWindow[] = [];
  const classes = opts.beatLabels ? rec.beatClasses : undefined;
  for (let i = 0; i < rec.rrMs.length; i++) detector.push(rec.rrMs[i], rec.timeMs[i], 0, windows, classes ? classes.charCodeAt(i) : -1);
  detector.newSeries(windows);
  const resolveDefault = name === 'robust' || name === 'robust-loose' ? ROBUST_RESOLVE_WINDOWS : t.afRrResolveWindows;
  return { windows, sustainWindows: opts.sustainWindows ?? t.afRrSustainWindows, resolveWindows: opts.resolveWindows ?? resolveDefault };
}

/**
 * Scores a detector's windows against the record's reference annotations (computed here from the
 * record, never from the detector): a window is AF when ≥50% of the beats in its span are AFIB; the
 * alarm is simulated as AF_RR runs it (simulateAlarms); AF episodes are AFIB spans ≥30 s, detected when an alarm is
 * active at any time during them; a false alarm is a raise more than 2 min from every AFIB span.
 */
/** One simulated alarm: raised at the end of window `raiseIndex`, resolved at `resolvedAt` (null: still active at the end). */
export interface SimulatedAlarm {
  raiseIndex: number;
  raisedAt: number;
  resolvedAt: number | null;
}

/**
 * The alarm as AF_RR runs it over a detector's windows: raised after `sustainWindows` consecutive AF
 * windows, resolved after `resolveWindows` consecutive non-AF ones; excluded windows neither count
 * nor break a run.
 */
export function simulateAlarms(run: DetectorRun): SimulatedAlarm[] {
  const alarms: SimulatedAlarm[] = [];
  let pos = 0;
  let neg = 0;
  let open: SimulatedAlarm | null = null;
  run.windows.forEach((w, k) => {
    if (w.excluded) return;
    if (w.af) {
      pos++;
      neg = 0;
    } else {
      neg++;
      pos = 0;
    }
    if (open === null && pos >= run.sustainWindows) alarms.push((open = { raiseIndex: k, raisedAt: w.endMs, resolvedAt: null }));
    else if (open !== null && neg >= run.resolveWindows) {
      open.resolvedAt = w.endMs;
      open = null;
    }
  });
  return alarms;
}

export function scoreRecord(rec: AfRecord, run: DetectorRun): RecordResult {
  const c: Counts = { tp: 0, fn: 0, tn: 0, fp: 0, excluded: 0 };
  const fpByRhythm: Record<string, number> = {};
  for (const w of run.windows) {
    if (w.excluded) {
      c.excluded++;
      continue;
    }
    const refAf = afShare(rec, w.startMs, w.endMs) >= 0.5;
    if (w.af && refAf) c.tp++;
    else if (w.af) {
      c.fp++;
      const r = dominantRhythm(rec, w.startMs, w.endMs);
      fpByRhythm[r] = (fpByRhythm[r] ?? 0) + 1;
    } else if (refAf) c.fn++;
    else c.tn++;
  }
  const end = rec.durationMs;
  // [raise, resolve); one still active at the end lasts to it.
  const alarms: Array<[number, number]> = simulateAlarms(run).map((a) => [a.raisedAt, a.resolvedAt ?? Math.max(end, a.raisedAt) + 1]);

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
  const falseAlarmsByRhythm: Record<string, number> = {};
  let falseAlarms = 0;
  for (const [a] of alarms) {
    if (rec.afSpans.some(([s, e]) => a >= s - FALSE_ALARM_MARGIN_MS && a <= e + FALSE_ALARM_MARGIN_MS)) continue;
    falseAlarms++;
    const r = rhythmAt(rec, a);
    falseAlarmsByRhythm[r] = (falseAlarmsByRhythm[r] ?? 0) + 1;
  }
  const afMs = rec.afSpans.reduce((s, [a, b]) => s + (b - a), 0);
  return {
    record: rec.name,
    beats: rec.rrMs.length,
    windows: run.windows.length,
    ...c,
    episodes: episodes.length,
    detected,
    delaysS,
    alreadyAlarming,
    alarms: alarms.length,
    falseAlarms,
    hours: end / 3_600_000,
    nonAfHours: Math.max(0, end - afMs) / 3_600_000,
    fpByRhythm,
    falseAlarmsByRhythm,
  };
}

/** A detector scored on one record (the CI floor and `vigil validate-af`). */
export function validateRecord(rec: AfRecord, mode: ReferenceMode = 'rolling', detector: DetectorName = 'ectopy'): RecordResult {
  return scoreRecord(rec, runDetector(rec, { reference: mode, detector }));
}

/** First beat index with time > t (binary search; beats are in time order). */
function beatAfter(rec: AfRecord, t: number): number {
  let lo = 0;
  let hi = rec.timeMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rec.timeMs[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Share of the record's beats in [startMs, endMs] whose reference rhythm is AFIB. */
export function afShare(rec: AfRecord, startMs: number, endMs: number): number {
  const from = beatAfter(rec, startMs - 1e-6);
  const to = beatAfter(rec, endMs);
  if (to <= from) return 0;
  let af = 0;
  for (let i = from; i < to; i++) af += rec.af[i];
  return af / (to - from);
}

/** The reference rhythm covering most of [startMs, endMs]. */
export function dominantRhythm(rec: AfRecord, startMs: number, endMs: number): string {
  const by: Record<string, number> = {};
  for (const s of rec.rhythmSpans) {
    const o = Math.min(endMs, s.endMs) - Math.max(startMs, s.startMs);
    if (o > 0) by[s.rhythm] = (by[s.rhythm] ?? 0) + o;
  }
  let best = rhythmAt(rec, startMs);
  let most = 0;
  for (const [r, v] of Object.entries(by))
    if (v > most) {
      most = v;
      best = r;
    }
  return best;
}

function rhythmAt(rec: AfRecord, t: number): string {
  for (const s of rec.rhythmSpans) if (t >= s.startMs && t < s.endMs) return s.rhythm;
  return rec.rhythmSpans.length ? rec.rhythmSpans[rec.rhythmSpans.length - 1].rhythm : 'N';
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
  alarms: number;
  falseAlarms: number;
  hours: number;
  nonAfHours: number;
  /** False alarms per non-AF monitored hour. */
  falseAlarmsPerHour: number;
  fpByRhythm: Record<string, number>;
  falseAlarmsByRhythm: Record<string, number>;
}

export const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);

export function median(values: number[]): number | null {
  const d = [...values].sort((a, b) => a - b);
  return d.length ? d[Math.floor(d.length / 2)] : null;
}

function addInto(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

export function totals(results: RecordResult[]): Totals {
  const sum = (k: keyof Counts | 'windows' | 'episodes' | 'detected' | 'alarms' | 'falseAlarms' | 'hours' | 'nonAfHours') => results.reduce((s, r) => s + r[k], 0);
  const c = { tp: sum('tp'), fn: sum('fn'), tn: sum('tn'), fp: sum('fp'), excluded: sum('excluded') };
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
    medianDelayS: median(results.flatMap((r) => r.delaysS)),
    alarms: sum('alarms'),
    falseAlarms: sum('falseAlarms'),
    hours: sum('hours'),
    nonAfHours: sum('nonAfHours'),
    falseAlarmsPerHour: ratio(sum('falseAlarms'), sum('nonAfHours')),
    fpByRhythm: results.reduce((a, r) => addInto(a, r.fpByRhythm), {} as Record<string, number>),
    falseAlarmsByRhythm: results.reduce((a, r) => addInto(a, r.falseAlarmsByRhythm), {} as Record<string, number>),
  };
}
