import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { replayStream } from '@vigil/rules';
import type { StayStream } from './mimic-import';

const MIN = 60_000;
const HOUR = 60 * MIN;

export interface ChartedEpisode {
  start: number;
  end: number;
  /** Qualifying charts in the episode. */
  charts: number;
}

/**
 * Runs of charted readings meeting a condition: an episode starts at the first qualifying chart and
 * ends at the last qualifying one before a chart that does not qualify (or a gap over `maxGapMs`).
 */
export function chartedEpisodes(charts: Array<{ t: number; yes: boolean }>, maxGapMs = 4 * HOUR): ChartedEpisode[] {
  const out: ChartedEpisode[] = [];
  let cur: ChartedEpisode | null = null;
  for (const c of [...charts].sort((a, b) => a.t - b.t)) {
    if (c.yes) {
      if (cur && c.t - cur.end <= maxGapMs) {
        cur.end = c.t;
        cur.charts++;
      } else {
        if (cur) out.push(cur);
        cur = { start: c.t, end: c.t, charts: 1 };
      }
    } else if (cur) {
      out.push(cur);
      cur = null;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export interface AlignmentRow {
  rule: string;
  reference: string;
  episodes: number;
  staysWithEpisodes: number;
  episodesWithAlert: number;
  /** Episodes of two or more consecutive qualifying charts, and how many of those had an alert. */
  multiChartEpisodes: number;
  multiChartWithAlert: number;
  alerts: number;
  alertsNearEpisode: number;
  medianDelayMin: number | null;
}

export interface MimicValidation {
  stays: number;
  patientDays: number;
  events: number;
  seconds: number;
  perRule: Array<{ rule: string; alerts: number; perPatientDay: number; stays: number }>;
  alignment: AlignmentRow[];
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Replays every stay offline (one engine per stay, ticks at each event time) and relates the alerts
 * to what was charted: HYPOTENSION to charted MAP < 65 mmHg, AF_RHYTHM to charted AF. An episode "has
 * an alert" when the rule was raised (or already open) from 1 h before its start to 1 h after its end;
 * an alert is "near an episode" when raised within that window of one.
 */
export function validateMimic(stays: StayStream[]): MimicValidation {
  const started = performance.now();
  const counts = new Map<string, { alerts: number; stays: Set<string> }>();
  let days = 0;
  let events = 0;
  const align = {
    hypotension: { episodes: 0, stays: 0, hit: 0, multi: 0, multiHit: 0, alerts: 0, near: 0, delays: [] as number[] },
    af_rhythm: { episodes: 0, stays: 0, hit: 0, multi: 0, multiHit: 0, alerts: 0, near: 0, delays: [] as number[] },
  };
  for (const stay of stays) {
    events += stay.events.length;
    const t0 = Date.parse(stay.events[0].time);
    const t1 = Date.parse(stay.events[stay.events.length - 1].time);
    days += (t1 - t0) / (24 * HOUR);
    const transitions: EngineTransition[] = replayStream(stay.events);
    const raised = transitions.filter((t) => t.type === 'raised');
    for (const t of raised) {
      const c = counts.get(t.alert.rule) ?? { alerts: 0, stays: new Set<string>() };
      c.alerts++;
      c.stays.add(stay.icustayId);
      counts.set(t.alert.rule, c);
    }
    const vitals = stay.events.filter((e): e is Extract<ClinicalEvent, { type: 'vitals' }> => e.type === 'vitals' && e.map !== undefined);
    const rhythms = stay.events.filter((e): e is Extract<ClinicalEvent, { type: 'rhythm' }> => e.type === 'rhythm');
    const refs = {
      hypotension: chartedEpisodes(vitals.map((v) => ({ t: Date.parse(v.time), yes: (v.map ?? 999) < 65 }))),
      af_rhythm: chartedEpisodes(rhythms.map((r) => ({ t: Date.parse(r.time), yes: r.rhythm === 'af' })), 12 * HOUR),
    };
    for (const rule of ['hypotension', 'af_rhythm'] as const) {
      const a = align[rule];
      const eps = refs[rule];
      const alerts = raised.filter((t) => t.alert.rule === rule).map((t) => Date.parse(t.at));
      // Open intervals of the rule's alerts (raised → resolved), to count an episode inside a running alert.
      const open: Array<[number, number]> = [];
      const openAt = new Map<string, number>();
      for (const t of transitions.filter((x) => x.alert.rule === rule)) {
        if (t.type === 'raised') openAt.set(t.alert.id, Date.parse(t.at));
        const openedAt = openAt.get(t.alert.id);
        if (t.type === 'resolved' && openedAt !== undefined) {
          open.push([openedAt, Date.parse(t.at)]);
          openAt.delete(t.alert.id);
        }
      }
      for (const s of openAt.values()) open.push([s, Infinity]);
      a.episodes += eps.length;
      if (eps.length) a.stays++;
      a.alerts += alerts.length;
      a.near += alerts.filter((x) => eps.some((e) => x >= e.start - HOUR && x <= e.end + HOUR)).length;
      for (const e of eps) {
        const first = alerts.find((x) => x >= e.start - HOUR && x <= e.end + HOUR);
        const covered = open.some(([s, f]) => s <= e.start && f >= e.start);
        const hit = first !== undefined || covered;
        if (hit) a.hit++;
        if (e.charts >= 2) {
          a.multi++;
          if (hit) a.multiHit++;
        }
        if (first !== undefined) a.delays.push((first - e.start) / MIN);
      }
    }
  }
  return {
    stays: stays.length,
    patientDays: days,
    events,
    seconds: (performance.now() - started) / 1000,
    perRule: [...counts].map(([rule, c]) => ({ rule, alerts: c.alerts, perPatientDay: c.alerts / days, stays: c.stays.size })).sort((a, b) => (a.rule < b.rule ? -1 : 1)),
    alignment: (['hypotension', 'af_rhythm'] as const).map((rule) => {
      const a = align[rule];
      return { rule, reference: rule === 'hypotension' ? 'charted MAP < 65 mmHg' : 'charted AF', episodes: a.episodes, staysWithEpisodes: a.stays, episodesWithAlert: a.hit, multiChartEpisodes: a.multi, multiChartWithAlert: a.multiHit, alerts: a.alerts, alertsNearEpisode: a.near, medianDelayMin: median(a.delays) };
    }),
  };
}

export function validationMarkdown(v: MimicValidation): string {
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
  const lines = [
    `Stays replayed: ${v.stays} (${v.patientDays.toFixed(1)} patient-days, ${v.events} events; offline in ${v.seconds.toFixed(1)} s).`,
    '',
    '| rule | alerts raised | alerts per patient-day | stays with ≥1 alert |',
    '|---|---:|---:|---:|',
    ...v.perRule.map((r) => `| ${r.rule} | ${r.alerts} | ${r.perPatientDay.toFixed(2)} | ${r.stays} |`),
    '',
    '| rule | reference | charted episodes (stays) | episodes with an alert | episodes of ≥2 charts with an alert | alerts within 1 h of an episode | median delay from episode start |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...v.alignment.map(
      (a) =>
        `| ${a.rule} | ${a.reference} | ${a.episodes} (${a.staysWithEpisodes}) | ${a.episodesWithAlert} (${pct(a.episodesWithAlert, a.episodes)}) | ${a.multiChartWithAlert} of ${a.multiChartEpisodes} (${pct(a.multiChartWithAlert, a.multiChartEpisodes)}) | ${a.alertsNearEpisode} of ${a.alerts} (${pct(a.alertsNearEpisode, a.alerts)}) | ${a.medianDelayMin === null ? '—' : `${Math.round(a.medianDelayMin)} min`} |`,
    ),
  ];
  return lines.join('\n') + '\n';
}
