import type { AlertSeverity, ClinicalEvent } from '@vigil/contracts';
import { severityRank } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { labKind, specimenMs } from '../engine/lab-codes';
import { HOUR, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

interface Point {
  at: number;
  value: number;
}

/**
 * SIL2R (§6.7b; fixtures invented). Values are compared only within one series (same code, unit and
 * performing lab). S1 ≥2400 U/mL LOW [HLH04] (expected during IL-2 [L87, V93]); S2 >10,000 U/mL
 * MEDIUM [H17]; S3 ≥2× the previous value within 72 h and above the assay limit LOW; or a ln-slope
 * above ln 2 per 24 h over ≥3 points LOW. Resolves when a value is below the band and not rising.
 */
export class Sil2rRule implements Rule {
  readonly id = 'sil2r_rising' as const;
  // A lab result does not change until the next draw: once acknowledged, a timer re-notification tells nothing new (a higher band still does).
  readonly noRealarm = true;
  readonly inputs = ['lab'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['sil2rHlh', 'sil2rHigh', 'sil2rRatio', 'sil2rRatioWindowH', 'sil2rUrl', 'sil2rUrlPgMl'];

  private readonly series = new Map<string, Point[]>();
  private band: AlertSeverity | null = null;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal[] | undefined {
    this.band = ctx.alerts.severity(this.id); // the alert book is the truth (alerts survive replays)
    if (event.type !== 'lab' || labKind(event) !== 'sil2r') return undefined;
    const t = ctx.t;
    const unitsPerMl = /u\/ml/i.test(event.unit) && !/pg/i.test(event.unit);
    const key = `${event.code}|${event.unit}|${event.source ?? ''}`;
    const pts = this.series.get(key) ?? [];
    const time = specimenMs(event, at);
    const prev = pts.filter((p) => p.at < time).at(-1);
    pts.push({ at: time, value: event.value });
    pts.sort((a, b) => a.at - b.at);
    if (pts.length > 10) pts.shift();
    this.series.set(key, pts);
    const v = event.value;
    const url = unitsPerMl ? t.sil2rUrl : t.sil2rUrlPgMl;
    const met: Array<[AlertSeverity, string]> = [];
    if (unitsPerMl && v > t.sil2rHigh) met.push(['medium', `sIL-2R ${v} U/mL (>${t.sil2rHigh})`]);
    if (unitsPerMl && v >= t.sil2rHlh) met.push(['low', `sIL-2R ${v} U/mL (≥${t.sil2rHlh}; expected during IL-2)`]);
    if (prev && time - prev.at <= t.sil2rRatioWindowH * HOUR && v >= t.sil2rRatio * prev.value && v > url)
      met.push(['low', `sIL-2R ${v} ${event.unit} ≥${t.sil2rRatio}× previous ${prev.value} within ${t.sil2rRatioWindowH} h`]);
    const recent = pts.filter((p) => p.at <= time).slice(-3);
    if (recent.length >= 3 && v > url && lnSlopePerDay(recent) > Math.log(2)) met.push(['low', `sIL-2R doubling faster than every 24 h over ${recent.length} values`]);
    const evidence = [{ eventId: event.id, time: toIso(time), field: 'sil2r', value: v }];
    const out: RuleSignal[] = [];
    const top = met.reduce<[AlertSeverity, string] | null>((m, x) => (!m || severityRank[x[0]] > severityRank[m[0]] ? x : m), null);
    const rising = prev !== undefined && v > prev.value;
    if (this.band && (!top || severityRank[top[0]] < severityRank[this.band]) && !rising) {
      out.push(resolve(at, `sIL-2R ${v} ${event.unit} below the ${this.band} band and not rising`, evidence));
      this.band = null;
    }
    if (top) {
      if (!this.band || severityRank[top[0]] > severityRank[this.band]) this.band = top[0];
      out.push(fire(at, top[0], met.filter((m) => m[0] === top[0]).map((m) => m[1]).join('; '), evidence));
    }
    return out.length ? out : undefined;
  }
}

/** Least-squares slope of ln(value) per 24 h. */
function lnSlopePerDay(pts: Point[]): number {
  const xs = pts.map((p) => p.at / (24 * HOUR));
  const ys = pts.map((p) => Math.log(Math.max(p.value, 1e-9)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
