import type { ClinicalEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { MIN, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

/**
 * WEIGHT_GAIN (§6.6, capillary leak): gain over the frozen baseline weight; ≥10% LOW (ENG early
 * warning), >15% MEDIUM [D14, SP15]. A weight within 2 h of the previous one counts only if it
 * confirms it (±1%, ENG). Resolves when a weight is back under 10%.
 */
export class WeightGainRule implements Rule {
  readonly id = 'weight_gain' as const;
  readonly inputs = ['weight'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['weightWarnFraction', 'weightHoldFraction', 'weightRepeatMin'];

  private last: { kg: number; at: number } | null = null;
  private firing = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id); // the alert book is the truth (alerts survive replays)
    if (event.type !== 'weight') return undefined;
    const t = ctx.t;
    const prev = this.last;
    this.last = { kg: event.kg, at };
    if (prev && at - prev.at < t.weightRepeatMin * MIN && Math.abs(event.kg - prev.kg) > 0.01 * prev.kg) return undefined;
    // §10: a change > 10% within 24 h is held until a second weight confirms it.
    if (!ctx.lastWeightAccepted) return undefined;
    const w0 = ctx.baseline.weightKg ?? ctx.weightKg;
    if (!w0) return undefined;
    const gain = (event.kg - w0) / w0;
    const pct = (gain * 100).toFixed(1);
    const evidence = [{ eventId: event.id, time: toIso(at), field: 'kg', value: event.kg }];
    if (gain > t.weightHoldFraction) {
      this.firing = true;
      return fire(at, 'medium', `Weight ${event.kg} kg, +${pct}% over baseline ${w0} kg (>${t.weightHoldFraction * 100}%)`, evidence);
    }
    if (gain >= t.weightWarnFraction) {
      this.firing = true;
      return fire(at, 'low', `Weight ${event.kg} kg, +${pct}% over baseline ${w0} kg (≥${t.weightWarnFraction * 100}%)`, evidence);
    }
    if (this.firing) {
      this.firing = false;
      return resolve(at, `weight ${event.kg} kg is +${pct}% over baseline`, evidence);
    }
    return undefined;
  }
}
