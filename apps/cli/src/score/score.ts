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
  /** Confirmed alerts: raised as an alert, or a recheck prompt that a second reading confirmed. */
  alarms: number;
  /** LOW recheck prompts (§10) never confirmed: counted apart, as in the MIMIC burden, not as alarms. */
  prompts: number;
  truePositives: number;
  episodes: number;
  detected: number;
  /** detected ÷ episodes; null without episodes. */
  sensitivity: number | null;
  /** true-positive alarms ÷ alarms; null without alarms or without a truth kind for the rule. */
  ppv: number | null;
  alarmsPerPatientDay: number;
  /** Median minutes from episode start to the confirmation of its first alarm (detected episodes; negative when already open). */
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

/** One alert id's life in a replay: when it opened, when it became a confirmed alert (null: a prompt only), when it ended. */
interface AlertLife {
  rule: string;
  patientId: string;
  confirmedAt: number | null;
  /** resolved or cancelled; Infinity while still open at the end of the stream. */
  endedAt: number;
}

/** §10 recheck prompts are published as LOW alerts whose message starts "Recheck" until a second reading confirms them. */
const isRecheckPrompt = (message: string) => message.startsWith('Recheck');

function alertLives(transitions: EngineTransition[]): AlertLife[] {
  const byId = new Map<string, AlertLife>();
  for (const t of transitions) {
    let a = byId.get(t.alert.id);
    if (!a) {
      if (t.type !== 'raised') continue;
      byId.set(t.alert.id, (a = { rule: t.alert.rule, patientId: t.alert.patientId, confirmedAt: null, endedAt: Infinity }));
    }
    const at = Date.parse(t.at);
    if (t.type === 'resolved' || t.type === 'cancelled') a.endedAt = Math.min(a.endedAt, at);
    else if (a.confirmedAt === null && !isRecheckPrompt(t.alert.message)) a.confirmedAt = at;
  }
  return [...byId.values()];
}

/**
 * Scores the alarms of an offline replay against ground-truth episodes. An alarm is a confirmed alert
 * (an unconfirmed recheck prompt is counted apart). It is a true positive, and its episode is detected,
 * when it is open as a confirmed alert at some time within [start − before, end + after] of an episode
 * of a kind its rule is meant to catch, for the same patient: raised there, or raised earlier and
 * still open (a clinician then sees an active alert during the episode; the MIMIC validation likewise
 * counts an alert open at the episode's confirming reading).
 */
export function scoreAlerts(transitions: EngineTransition[], truth: TruthEpisode[], patientDays: number, opts: ScoreOptions = {}): RuleScore[] {
  const before = (opts.beforeMin ?? 60) * MIN;
  const after = (opts.afterMin ?? 60) * MIN;
  const lives = alertLives(transitions);
  const rules = new Set<string>([...lives.map((a) => a.rule), ...Object.keys(RULE_TRUTH).filter((r) => truth.some((e) => RULE_TRUTH[r].includes(e.kind)))]);
  const out: RuleScore[] = [];
  for (const rule of [...rules].sort()) {
    const kinds = RULE_TRUTH[rule] ?? [];
    const ofRule = lives.filter((a) => a.rule === rule);
    const alarms = ofRule.filter((a): a is AlertLife & { confirmedAt: number } => a.confirmedAt !== null).sort((a, b) => a.confirmedAt - b.confirmedAt);
    const episodes = truth.filter((e) => kinds.includes(e.kind)).map((e) => ({ e, start: Date.parse(e.start), end: Date.parse(e.end), peak: Date.parse(e.peak) }));
    const matches = (a: (typeof alarms)[number], ep: (typeof episodes)[number]) => a.patientId === ep.e.patientId && a.confirmedAt <= ep.end + after && a.endedAt >= ep.start - before;
    const tp = alarms.filter((a) => episodes.some((ep) => matches(a, ep))).length;
    const delays: number[] = [];
    const leads: number[] = [];
    let detected = 0;
    for (const ep of episodes) {
      const first = alarms.find((a) => matches(a, ep));
      if (!first) continue;
      detected++;
      delays.push((first.confirmedAt - ep.start) / MIN);
      leads.push((ep.peak - first.confirmedAt) / MIN);
    }
    out.push({
      rule,
      alarms: alarms.length,
      prompts: ofRule.length - alarms.length,
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
  const head = `${'rule'.padEnd(14)}${'alarms'.padStart(7)}${'prompts'.padStart(8)}${'TP'.padStart(5)}${'episodes'.padStart(10)}${'found'.padStart(7)}${'sens.'.padStart(8)}${'PPV'.padStart(8)}${'/pt-day'.padStart(9)}${'delay'.padStart(7)}${'lead'.padStart(7)}`;
  const rows = scores.map(
    (s) =>
      `${s.rule.padEnd(14)}${String(s.alarms).padStart(7)}${String(s.prompts).padStart(8)}${String(s.truePositives).padStart(5)}${String(s.episodes).padStart(10)}${String(s.detected).padStart(7)}${pct(s.sensitivity).padStart(8)}${pct(s.ppv).padStart(8)}${s.alarmsPerPatientDay.toFixed(2).padStart(9)}${min(s.medianDelayMin).padStart(7)}${min(s.medianLeadMin).padStart(7)}`,
  );
  return `${days.toFixed(2)} patient-days; delay = median min from episode start to first alarm; lead = median min from first alarm to the episode's worst point; alarms = confirmed alerts, prompts = recheck prompts never confirmed\n${head}\n${rows.join('\n')}\n`;
}
