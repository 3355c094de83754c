import type { ClinicalEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { labKind, specimenMs } from '../engine/lab-codes';
import { HOUR, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

interface Trough {
  at: number;
  value: number;
  eventId: string;
}

/**
 * IL2_PK (§6.7a; all thresholds ENG; no public data has IL-2 levels, fixtures are invented).
 * Only pre-dose troughs are trended: drawn ≥7 h after the previous dose (samples <4 h after a dose
 * are PK peaks). LOW when a trough doubles the previous one, or 3 troughs rise in a row, and it is
 * above 2.1 pg/mL; MEDIUM while CREATININE or OLIGURIA is active (clearance is renal [K90]).
 * Resolves when the next trough is not higher, or the cycle ends.
 */
export class Il2PkRule implements Rule {
  readonly id = 'il2_rising' as const;
  // A lab result does not change until the next draw: once acknowledged, a timer re-notification tells nothing new (a higher band still does).
  readonly noRealarm = true;
  readonly inputs = ['lab', 'dose'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['il2Url', 'il2Ratio', 'il2TroughMinH', 'il2PeakExclusionH'];

  private troughs: Trough[] = [];
  private cycleStart = Number.NEGATIVE_INFINITY;
  private firing = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id); // the alert book is the truth (alerts survive replays)
    const t = ctx.t;
    if (event.type === 'dose') {
      if (event.status !== 'given') return undefined;
      const prev = ctx.doses.filter((d) => d.status === 'given' && d.at < at).at(-1);
      if (prev && at - prev.at <= t.il2CycleGapH * HOUR) return undefined;
      // A new cycle: troughs are compared only within one cycle.
      this.cycleStart = at;
      this.troughs = [];
      if (!this.firing) return undefined;
      this.firing = false;
      return resolve(at, 'a new IL-2 cycle started', [{ eventId: event.id, time: toIso(at), field: 'doseNumber', value: event.doseNumber }]);
    }
    if (event.type !== 'lab' || labKind(event) !== 'il2') return undefined;
    const time = specimenMs(event, at);
    const value = event.unit.toLowerCase().includes('iu') ? event.value * t.il2PerIuMl : event.value;
    const dose = ctx.doses.filter((d) => d.status === 'given' && d.at <= time).at(-1);
    // Not a trough (a peak, or mid-interval): excluded from the trend.
    if (!dose || time - dose.at < t.il2TroughMinH * HOUR || dose.at < this.cycleStart) return undefined;
    const prev = this.troughs.at(-1);
    this.troughs.push({ at: time, value, eventId: event.id });
    if (this.troughs.length > 3) this.troughs.shift();
    const evidence = this.troughs.map((x) => ({ eventId: x.eventId, time: toIso(x.at), field: 'il2TroughPgMl', value: x.value }));
    if (!prev) return undefined;
    const [a, b, c] = this.troughs.length === 3 ? this.troughs : [undefined, ...this.troughs];
    const doubled = value >= t.il2Ratio * prev.value;
    const threeRising = a !== undefined && b !== undefined && c !== undefined && a.value < b.value && b.value < c.value;
    if ((doubled || threeRising) && value > t.il2Url) {
      this.firing = true;
      const renal = ctx.alerts.isOpen('creatinine') || ctx.alerts.isOpen('oliguria');
      const why = `${doubled ? `IL-2 trough ${value} pg/mL ≥${t.il2Ratio}× previous ${prev.value}` : `3 rising IL-2 troughs (${this.troughs.map((x) => x.value).join(' → ')} pg/mL)`}, above ${t.il2Url} pg/mL: possible reduced clearance`;
      return fire(at, renal ? 'medium' : 'low', renal ? `${why}; with renal dysfunction active` : why, evidence);
    }
    if (this.firing && value <= prev.value) {
      this.firing = false;
      return resolve(at, `IL-2 trough ${value} pg/mL not above the previous ${prev.value}`, evidence);
    }
    return undefined;
  }
}
