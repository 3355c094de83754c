import type { ClinicalEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { HOUR, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

/**
 * DATA_GAP (§6.0): a LOW technical alert when an expected input is overdue by more than twice its
 * scheduled interval: vitals (charted every 2 h → 4 h) once any vitals came in, urine output (hourly
 * → 2 h) once urine monitoring started. Resolves when every overdue input has arrived again.
 */
export class DataGapRule implements Rule {
  readonly id = 'data_gap' as const;
  readonly inputs = ['vitals', 'urine'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['vitalsGapH', 'urineGapH'];

  // −Infinity = never received (numbers only: unboxed doubles).
  private lastVitals = Number.NEGATIVE_INFINITY;
  private lastUrine = Number.NEGATIVE_INFINITY;
  private overdue = new Set<'vitals' | 'urine'>();

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    // The alert book is the truth: closed elsewhere (discharge) clears, adopted after a replay counts as overdue.
    if (!ctx.alerts.isOpen(this.id)) {
      if (this.overdue.size > 0) this.overdue.clear();
    } else if (this.overdue.size === 0) this.overdue.add(event.type === 'urine' ? 'urine' : 'vitals');
    if (event.type === 'vitals') {
      if (at > this.lastVitals) this.lastVitals = at;
    } else if (event.type === 'urine' && at > this.lastUrine) this.lastUrine = at;
    if (this.overdue.size === 0) return undefined;
    const input = event.type === 'vitals' ? 'vitals' : event.type === 'urine' ? 'urine' : null;
    if (input && this.overdue.has(input)) this.overdue.delete(input);
    if (this.overdue.size > 0) return undefined;
    return resolve(at, `${event.type} received again`, [{ eventId: event.id, time: toIso(at), field: 'type', value: event.type }]);
  }

  nextDue(ctx: PatientContext): number | null {
    const t = ctx.t;
    let d: number | null = null;
    if (this.lastVitals > Number.NEGATIVE_INFINITY && !this.overdue.has('vitals')) d = this.lastVitals + t.vitalsGapH * HOUR;
    if (this.lastUrine > Number.NEGATIVE_INFINITY && !this.overdue.has('urine')) {
      const u = this.lastUrine + t.urineGapH * HOUR;
      if (d === null || u < d) d = u;
    }
    return d;
  }

  onTick(now: number, ctx: PatientContext): RuleSignal | undefined {
    const t = ctx.t;
    if (!ctx.alerts.isOpen(this.id)) this.overdue.clear();
    const due: Array<['vitals' | 'urine', number, number]> = [];
    if (this.lastVitals > Number.NEGATIVE_INFINITY && !this.overdue.has('vitals') && now - this.lastVitals >= t.vitalsGapH * HOUR) due.push(['vitals', this.lastVitals, t.vitalsGapH]);
    if (this.lastUrine > Number.NEGATIVE_INFINITY && !this.overdue.has('urine') && now - this.lastUrine >= t.urineGapH * HOUR) due.push(['urine', this.lastUrine, t.urineGapH]);
    if (due.length === 0) return undefined;
    const wasOpen = this.overdue.size > 0;
    for (const [k] of due) this.overdue.add(k);
    const at = Math.min(...due.map(([, last, h]) => last + h * HOUR));
    const why = [...this.overdue].map((k) => `no ${k === 'vitals' ? 'vitals' : 'urine output'} for ${k === 'vitals' ? t.vitalsGapH : t.urineGapH} h`).join('; ');
    // Already open for another input: record it (same LOW severity, no new alarm).
    if (wasOpen) return undefined;
    return fire(at, 'low', `Data gap: ${why}`, due.map(([k, last]) => ({ eventId: '', time: toIso(last), field: `last_${k}`, value: toIso(last) })));
  }
}
