import type { TruthEpisode } from './chart-runs';

/**
 * Alerts that no charted truth episode of their rule explains: the burden a ward would call
 * nuisance, measured against the chart rather than against a count per patient-day. An alert is
 * explained when it was open (from its first prompt or raise to its resolve) at some time of an
 * episode of its rule in its stay ([first qualifying chart, last qualifying chart]).
 */
export interface AlertSpan {
  stay: string;
  rule: string;
  openedAt: number;
  resolvedAt: number;
}

export function isExplained(alert: AlertSpan, episodes: readonly TruthEpisode[]): boolean {
  return episodes.some((e) => e.stay === alert.stay && alert.openedAt <= e.end && alert.resolvedAt >= e.start);
}

export interface Explanation {
  alerts: number;
  unexplained: number;
  episodes: number;
}

/** Per rule with a truth: its alerts, how many no episode explains, and its truth episodes. */
export function explainAlerts(alerts: readonly AlertSpan[], truth: Readonly<Record<string, readonly TruthEpisode[]>>): Map<string, Explanation> {
  const byStay = new Map<string, TruthEpisode[]>();
  const out = new Map<string, Explanation>();
  for (const [rule, eps] of Object.entries(truth)) {
    out.set(rule, { alerts: 0, unexplained: 0, episodes: eps.length });
    for (const e of eps) byStay.set(`${rule} ${e.stay}`, [...(byStay.get(`${rule} ${e.stay}`) ?? []), e]);
  }
  for (const a of alerts) {
    const x = out.get(a.rule);
    if (!x) continue;
    x.alerts++;
    if (!isExplained(a, byStay.get(`${a.rule} ${a.stay}`) ?? [])) x.unexplained++;
  }
  return out;
}
