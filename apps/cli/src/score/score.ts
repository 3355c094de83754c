import type { EngineTransition } from '@vigil/contracts';
import type { TruthEpisode, TruthKind } from '../simulate/ward-simulator';

/** Which ground-truth episodes each rule is meant to catch (rules with none are counted, not scored). */
export const RULE_TRUTH: Readonly<Record<string, readonly TruthKind[]>> = {
  hypotension: ['hypotension'],
  af_rhythm: ['af'],
  af_rr: ['af'],
  oliguria: ['oliguria'],
  fever: ['fever'],
  creatinine: ['aki'],
  weight_gain: ['weight_gain'],
  il2_rising: ['il2_rising'],
  sil2r_rising: ['sil2r_rising'],
};

export interface ScoreOptions {
  /** An alarm this long before an episode starts still counts for it (default 60 min). */
  beforeMin?: number;
  /** … or this long after it ends (default 60 min). */
  afterMin?: number;
}

export interface RuleScore {
  rule: string;
  alarms: number;
  truePositives: number;
  episodes: number;
  detected: number;
  /** detected ÷ episodes; null without episodes. */
  sensitivity: number | null;
  /** true-positive alarms ÷ alarms; null without alarms or without a truth kind for the rule. */
  ppv: number | null;
  alarmsPerPatientDay: number;
  /** Median minutes from episode start to its first alarm (detected episodes). */
  medianDelayMin: number | null;
  /** Median minutes from the first alarm to the episode's worst point (positive = warned before the worst). */
  medianLeadMin: number | null;
}

const MIN = 60_000;

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Scores alarms (the `raised` transitions of an offline replay) against ground-truth episodes: an alarm
 * is a true positive when it is raised for the same patient within [start − before, end + after] of an
 * episode of a kind its rule is meant to catch; an episode is detected when any such alarm exists.
 */
export function scoreAlerts(transitions: EngineTransition[], truth: TruthEpisode[], patientDays: number, opts: ScoreOptions = {}): RuleScore[] {
  const before = (opts.beforeMin ?? 60) * MIN;
  const after = (opts.afterMin ?? 60) * MIN;
  const raised = new Map<string, { rule: string; patientId: string; at: number }>();
  for (const t of transitions) if (t.type === 'raised' && !raised.has(t.alert.id)) raised.set(t.alert.id, { rule: t.alert.rule, patientId: t.alert.patientId, at: Date.parse(t.at) });
  const rules = new Set<string>([...[...raised.values()].map((a) => a.rule), ...Object.keys(RULE_TRUTH).filter((r) => truth.some((e) => RULE_TRUTH[r].includes(e.kind)))]);
  const out: RuleScore[] = [];
  for (const rule of [...rules].sort()) {
    const kinds = RULE_TRUTH[rule] ?? [];
    const alarms = [...raised.values()].filter((a) => a.rule === rule).sort((a, b) => a.at - b.at);
    const episodes = truth.filter((e) => kinds.includes(e.kind)).map((e) => ({ e, start: Date.parse(e.start), end: Date.parse(e.end), peak: Date.parse(e.peak) }));
    const matches = (a: (typeof alarms)[number], ep: (typeof episodes)[number]) => a.patientId === ep.e.patientId && a.at >= ep.start - before && a.at <= ep.end + after;
    const tp = alarms.filter((a) => episodes.some((ep) => matches(a, ep))).length;
    const delays: number[] = [];
    const leads: number[] = [];
    let detected = 0;
    for (const ep of episodes) {
      const first = alarms.find((a) => matches(a, ep));
      if (!first) continue;
      detected++;
      delays.push((first.at - ep.start) / MIN);
      leads.push((ep.peak - first.at) / MIN);
    }
    out.push({
      rule,
      alarms: alarms.length,
      truePositives: tp,
      episodes: episodes.length,
      detected,
      sensitivity: episodes.length ? detected / episodes.length : null,
      ppv: alarms.length && kinds.length ? tp / alarms.length : null,
      alarmsPerPatientDay: patientDays > 0 ? alarms.length / patientDays : 0,
      medianDelayMin: median(delays),
      medianLeadMin: median(leads),
    });
  }
  return out;
}

/** Patient-days covered by a stream: per patient, first to last event time. */
export function patientDays(events: Iterable<{ patientId: string; time: string }>): number {
  const span = new Map<string, [number, number]>();
  for (const e of events) {
    const t = Date.parse(e.time);
    const s = span.get(e.patientId);
    if (!s) span.set(e.patientId, [t, t]);
    else {
      if (t < s[0]) s[0] = t;
      if (t > s[1]) s[1] = t;
    }
  }
  let ms = 0;
  for (const [a, b] of span.values()) ms += b - a;
  return ms / (24 * 60 * MIN);
}

export function formatScores(scores: RuleScore[], days: number): string {
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const min = (x: number | null) => (x === null ? '—' : `${Math.round(x)}`);
  const head = `${'rule'.padEnd(14)}${'alarms'.padStart(7)}${'TP'.padStart(5)}${'episodes'.padStart(10)}${'found'.padStart(7)}${'sens.'.padStart(8)}${'PPV'.padStart(8)}${'/pt-day'.padStart(9)}${'delay'.padStart(7)}${'lead'.padStart(7)}`;
  const rows = scores.map(
    (s) =>
      `${s.rule.padEnd(14)}${String(s.alarms).padStart(7)}${String(s.truePositives).padStart(5)}${String(s.episodes).padStart(10)}${String(s.detected).padStart(7)}${pct(s.sensitivity).padStart(8)}${pct(s.ppv).padStart(8)}${s.alarmsPerPatientDay.toFixed(2).padStart(9)}${min(s.medianDelayMin).padStart(7)}${min(s.medianLeadMin).padStart(7)}`,
  );
  return `${days.toFixed(2)} patient-days; delay = median min from episode start to first alarm; lead = median min from first alarm to the episode's worst point\n${head}\n${rows.join('\n')}\n`;
}
