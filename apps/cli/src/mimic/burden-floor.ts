import type { TruthEpisode } from './chart-runs';
import type { RuleTruth } from './mimic-truth';

/**
 * The fewest MEDIUM/HIGH alerts that any engine obeying the documented rules must raise on a
 * charted stay set, from the chart alone. One alert can cover several truth episodes of its rule
 * only while it stays open; an engine obeying the rules must close it when the rule's resolve
 * condition is met (CLINICAL_RULES §6.0: latched until a resolve condition is met), so two
 * consecutive episodes with a charted resolve between them (and, with a quiet period, that long
 * before the second starts, §6.2) need two alerts. Each group of episodes with no such resolve
 * between them needs one alert of its own.
 */

/** The sizes (episodes) of one stay's groups, in time order. */
export function alertGroups(episodes: TruthEpisode[], resolves: readonly number[], quietMs = 0): number[] {
  const eps = [...episodes].sort((a, b) => a.start - b.start);
  const sizes: number[] = [];
  for (let i = 0; i < eps.length; i++) {
    const separate = i > 0 && resolves.some((r) => r > eps[i - 1].end && r + quietMs <= eps[i].start);
    if (i === 0 || separate) sizes.push(1);
    else sizes[sizes.length - 1]++;
  }
  return sizes;
}

/** The fewest groups (largest first) that hold at least `fraction` of all episodes. */
export function fewestAlerts(groupSizes: readonly number[], fraction: number): number {
  const total = groupSizes.reduce((s, n) => s + n, 0);
  const need = Math.ceil(fraction * total - 1e-9);
  let covered = 0;
  let alerts = 0;
  for (const n of [...groupSizes].sort((a, b) => b - a)) {
    if (covered >= need) break;
    covered += n;
    alerts++;
  }
  return alerts;
}

export interface RuleFloor {
  episodes: number;
  groups: number;
  /** Alerts needed to cover `fraction` of the episodes. */
  alerts: number;
  fraction: number;
}

/** The floor of one rule over the given stays (those the replay produced, for a common denominator). */
export function ruleFloor(truth: RuleTruth, stays: ReadonlySet<string>, fraction = 1): RuleFloor {
  const byStay = new Map<string, TruthEpisode[]>();
  for (const e of truth.mediumPlus) if (stays.has(e.stay)) byStay.set(e.stay, [...(byStay.get(e.stay) ?? []), e]);
  const sizes = [...byStay].flatMap(([stay, eps]) => alertGroups(eps, truth.resolves.get(stay) ?? [], truth.quietMs));
  return { episodes: sizes.reduce((s, n) => s + n, 0), groups: sizes.length, alerts: fewestAlerts(sizes, fraction), fraction };
}
