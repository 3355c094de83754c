import { ruleFloor, type RuleFloor } from './burden-floor';
import { gapAlerts, gapCount, type GapResolve } from './data-gap-floor';
import type { MimicTruth, RuleTruth } from './mimic-truth';

/**
 * The all-band floor: the fewest alerts of any band (LOW included) that any engine obeying
 * CLINICAL_RULES §6 with §10 must raise on the chart, at the documented default thresholds, with the
 * sensitivities the issue asks (≥ 95% of the MAP episodes and of the KDIGO oliguria episodes) and with
 * every rule read strictly (every C1/C2 episode, every KDIGO episode). Per rule, each group of any-band
 * episodes with no charted resolve between them needs one alert (burden-floor.ts); DATA_GAP from the
 * chart times of its inputs (data-gap-floor.ts). Rules the chart cannot define add nothing.
 */
const HOUR = 3_600_000;
/** §10's default expected intervals. */
export const GAP_EXPECTED_MS = { urine: 3 * HOUR, vitals: 4 * HOUR } as const;

export interface AllBandRow {
  rule: string;
  /** The floor with the 95% (hypotension, oliguria), and with every episode (read strictly). */
  at95: RuleFloor;
  strict: RuleFloor;
}

const anyBand = (t: RuleTruth): RuleTruth => ({ ...t, mediumPlus: t.anyBand ?? [] });

/** DATA_GAP over the given stays: the gaps, and the alerts they need under one resolve model. */
export function dataGapFloor(truth: MimicTruth, stays: ReadonlySet<string>, model: GapResolve): { gaps: number; alerts: number } {
  const out = { gaps: 0, alerts: 0 };
  for (const [stay, a] of truth.arrivals) {
    if (!stays.has(stay)) continue;
    const inputs = [
      { times: a.urine, expectedMs: GAP_EXPECTED_MS.urine },
      { times: a.vitals, expectedMs: GAP_EXPECTED_MS.vitals },
    ];
    out.gaps += gapCount(inputs, a.end);
    out.alerts += gapAlerts(inputs, a.end, model);
  }
  return out;
}

export function allBandFloor(truth: MimicTruth, stays: ReadonlySet<string>): AllBandRow[] {
  const r = truth.rules;
  const oliguria: RuleTruth = { mediumPlus: truth.oliguria, anyBand: truth.oliguria, resolves: truth.oliguriaResolves, quietMs: 0 };
  const gap = dataGapFloor(truth, stays, 'hysteresis');
  const gapFloor: RuleFloor = { episodes: gap.gaps, groups: gap.alerts, alerts: gap.alerts, fraction: 1 };
  const same = (rule: string, t: RuleTruth): AllBandRow => ({ rule, at95: ruleFloor(anyBand(t), stays), strict: ruleFloor(anyBand(t), stays) });
  return [
    same('af_rhythm', r.af_rhythm),
    same('creatinine', r.creatinine),
    { rule: 'data_gap', at95: gapFloor, strict: gapFloor },
    same('fever', r.fever),
    { rule: 'hypotension', at95: ruleFloor(r.hypotension, stays, 0.95), strict: ruleFloor(anyBand(r.hypotension), stays) },
    same('hypoxia', r.hypoxia),
    { rule: 'oliguria', at95: ruleFloor(oliguria, stays, 0.95), strict: ruleFloor(oliguria, stays) },
    same('tachycardia', r.tachycardia),
  ];
}
