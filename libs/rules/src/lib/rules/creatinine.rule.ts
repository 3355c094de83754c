import type { AlertSeverity, ClinicalEvent, Evidence } from '@vigil/contracts';
import { severityRank } from '@vigil/contracts';
import { fire, resolve, stepDown, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { creatinineMgDl, labKind, specimenMs } from '../engine/lab-codes';
import { HOUR, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

interface Result {
  at: number;
  value: number;
  eventId: string;
}

/**
 * CREATININE / AKI (§6.5), on the specimen time; discrete results, no sustain. LOW: KDIGO stage 1
 * (rise ≥0.3 mg/dL in 48 h or ≥1.5× baseline; baselines below 0.6 mg/dL count as 0.6, §10); MEDIUM: 2.5–2.9 mg/dL [D14] or ≥2× baseline; HIGH:
 * ≥3.0 mg/dL [D14], ≥3× baseline or ≥4.0. A result below the band that raised it ends that band
 * (§6.5): when a lower band is still met the same alert steps down to it (audited `updated`, the AKI
 * episode raises once, §10), and it resolves when no band is met. A corrected result (same specimen
 * time) supersedes the original.
 */
export class CreatinineRule implements Rule {
  readonly id = 'creatinine' as const;
  // A lab result does not change until the next draw: once acknowledged, a timer re-notification tells nothing new (a higher band still does).
  readonly noRealarm = true;
  readonly inputs = ['lab'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['creatRiseMgDl', 'creatRelative', 'creatAbsolute', 'creatSevere', 'creatK1Ratio', 'creatK2Ratio', 'creatK3Ratio', 'creatBaselineFloorMgDl'];

  private readonly results: Result[] = [];
  private band: AlertSeverity | null = null;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal[] | undefined {
    this.band = ctx.alerts.severity(this.id); // the alert book is the truth (alerts survive replays)
    if (event.type !== 'lab' || labKind(event) !== 'creatinine') return undefined;
    const t = ctx.t;
    const time = specimenMs(event, at);
    const value = creatinineMgDl(event);
    const existing = this.results.findIndex((r) => r.at === time);
    if (existing >= 0) this.results.splice(existing, 1);
    const prior = this.results.filter((r) => r.at < time);
    this.results.push({ at: time, value, eventId: event.id });
    this.results.sort((a, b) => a.at - b.at);
    if (this.results.length > 60) this.results.shift();
    const lowest = ctx.baseline.creatinine ?? minWithin(prior, time, 7 * 24 * HOUR);
    // §10: ratios use a baseline no lower than the floor (0.2 → 0.4 mg/dL is not KDIGO stage 2).
    const baseline = lowest === undefined ? undefined : Math.max(lowest, t.creatBaselineFloorMgDl);
    const min48 = minWithin(prior, time, t.creatRiseWindowH * HOUR);
    const reasons: Array<[AlertSeverity, string]> = [];
    const v = round2(value);
    if (value >= t.creatAbsolute) reasons.push(['high', `creatinine ${v} mg/dL (≥${t.creatAbsolute})`]);
    if (value >= t.creatSevere) reasons.push(['high', `creatinine ${v} mg/dL (≥${t.creatSevere}, KDIGO 3)`]);
    if (baseline !== undefined && value >= t.creatK3Ratio * baseline) reasons.push(['high', `creatinine ${v} mg/dL ≥${t.creatK3Ratio}× baseline ${round2(baseline)} (KDIGO 3)`]);
    if (value >= t.creatRelative && value < t.creatAbsolute) reasons.push(['medium', `creatinine ${v} mg/dL (${t.creatRelative}–${t.creatAbsolute})`]);
    if (baseline !== undefined && value >= t.creatK2Ratio * baseline) reasons.push(['medium', `creatinine ${v} mg/dL ≥${t.creatK2Ratio}× baseline ${round2(baseline)} (KDIGO 2)`]);
    if (min48 !== undefined && value - min48 >= t.creatRiseMgDl - 1e-9) reasons.push(['low', `creatinine rose ${round2(value - min48)} mg/dL within ${t.creatRiseWindowH} h (KDIGO 1)`]);
    if (baseline !== undefined && value >= t.creatK1Ratio * baseline) reasons.push(['low', `creatinine ${v} mg/dL ≥${t.creatK1Ratio}× baseline ${round2(baseline)} (KDIGO 1)`]);
    const top = reasons.reduce<[AlertSeverity, string] | null>((m, r) => (!m || severityRank[r[0]] > severityRank[m[0]] ? r : m), null);
    const evidence: Evidence[] = [{ eventId: event.id, time: toIso(time), field: 'creatinine', value: v }];
    const out: RuleSignal[] = [];
    // An alert carried into a rebuilt state began after results still in the history: a result older
    // than the alert's onset cannot end or lower it (only a later one can).
    const onset = ctx.alerts.onsetOf(this.id);
    if (this.band && onset !== null && at < onset) {
      if (top && severityRank[top[0]] > severityRank[this.band]) {
        this.band = top[0];
        return [fire(at, top[0], reasons.filter((r) => r[0] === top[0]).map((r) => r[1]).join('; '), evidence)];
      }
      return undefined;
    }
    if (this.band && !top) {
      out.push(resolve(at, `creatinine ${v} mg/dL is below the ${this.band} band`, evidence));
      this.band = null;
    } else if (this.band && top && severityRank[top[0]] < severityRank[this.band]) {
      // The band that raised it has resolved; the milder one still met continues the same episode.
      const same = reasons.filter((r) => r[0] === top[0]).map((r) => r[1]);
      const from = this.band;
      this.band = top[0];
      return [{ ...stepDown(at, top[0], `below the ${from} band, still ${same.join('; ')}`, evidence), restate: true }];
    }
    if (top) {
      const same = reasons.filter((r) => r[0] === top[0]).map((r) => r[1]);
      if (!this.band || severityRank[top[0]] > severityRank[this.band]) this.band = top[0];
      out.push(fire(at, top[0], same.join('; '), evidence));
    }
    return out.length ? out : undefined;
  }
}

function minWithin(rs: Result[], time: number, windowMs: number): number | undefined {
  let m: number | undefined;
  for (const r of rs) if (r.at >= time - windowMs && r.at < time && (m === undefined || r.value < m)) m = r.value;
  return m;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
