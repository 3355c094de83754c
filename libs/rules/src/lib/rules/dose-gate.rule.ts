import type { AlertRule, AlertSeverity, ClinicalEvent, Evidence } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { HOUR, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

/** Rules whose MEDIUM band is a hold (relative) criterion (§6.1, 6.4, 6.5, 6.6, 6.8, 6.9, 6.13). */
const RELATIVE: readonly AlertRule[] = ['hypotension', 'oliguria', 'creatinine', 'weight_gain', 'tachycardia', 'hypoxia', 'confusion'];
/** Rules whose HIGH band is an absolute (stop) criterion; AF_RR only once corroborated (HIGH). */
const ABSOLUTE: readonly AlertRule[] = ['hypotension', 'af_rhythm', 'af_rr', 'oliguria', 'creatinine', 'tachycardia', 'hypoxia', 'confusion'];

/**
 * DOSE_GATE (§6.12): evaluated at T_dose − 2 h [TIL24] and at T_dose [D14], T_dose being the last
 * documented dose + 8 h within a cycle. STOP-REVIEW (HIGH) if an absolute criterion is active, ≥3
 * relative criteria at once, or 3 doses already held this cycle [SP15]; HOLD (MEDIUM) if any relative
 * criterion is active; PROCEED-CHECK raises nothing. Resolves when the dose is documented (given or
 * held), or 2 h after T_dose without one (ENG: the schedule changed or the cycle ended).
 */
export class DoseGateRule implements Rule {
  readonly id = 'dose_gate' as const;
  readonly inputs = ['dose'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['doseIntervalH', 'doseGatePreH', 'dosesPerCycle', 'doseHeldStop'];

  private lastDoseAt: number | null = null;
  private lastDoseNumber = 0;
  private dosesThisCycle = 0;
  private heldThisCycle = 0;
  private evaluatedPre = false;
  private evaluatedAt = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    if (event.type !== 'dose') return undefined;
    const t = ctx.t;
    // A dose-free gap longer than a rest period starts a new cycle.
    if (this.lastDoseAt === null || at - this.lastDoseAt > t.il2CycleGapH * HOUR) {
      this.dosesThisCycle = 0;
      this.heldThisCycle = 0;
    }
    this.lastDoseAt = at;
    this.lastDoseNumber = event.doseNumber;
    this.dosesThisCycle++;
    if (event.status === 'held') this.heldThisCycle++;
    this.evaluatedPre = false;
    this.evaluatedAt = false;
    if (!ctx.alerts.isOpen(this.id)) return undefined;
    return resolve(at, `dose ${event.doseNumber} documented as ${event.status}${event.reason ? ` (${event.reason})` : ''}`, [
      { eventId: event.id, time: event.time, field: 'status', value: event.status },
    ]);
  }

  nextDue(ctx: PatientContext): number | null {
    const due = this.dueTime(ctx);
    if (due === null) return null;
    const t = ctx.t;
    if (!this.evaluatedPre) return due - t.doseGatePreH * HOUR;
    if (!this.evaluatedAt) return due;
    return ctx.alerts.isOpen(this.id) ? due + t.doseGateExpiryH * HOUR : null;
  }

  onTick(now: number, ctx: PatientContext): RuleSignal[] | undefined {
    const due = this.dueTime(ctx);
    if (due === null) return undefined;
    const t = ctx.t;
    const out: RuleSignal[] = [];
    const pre = due - t.doseGatePreH * HOUR;
    if (!this.evaluatedPre && now >= pre) {
      this.evaluatedPre = true;
      const s = this.evaluate(pre, due, `${t.doseGatePreH} h before`, ctx);
      if (s) out.push(s);
    }
    if (!this.evaluatedAt && now >= due) {
      this.evaluatedAt = true;
      const s = this.evaluate(due, due, 'at', ctx);
      if (s) out.push(s);
    }
    const expiry = due + t.doseGateExpiryH * HOUR;
    if (this.evaluatedAt && now >= expiry && ctx.alerts.isOpen(this.id) && !out.some((s) => s.kind === 'fire'))
      out.push(resolve(expiry, `no dose ${this.lastDoseNumber + 1} documented within ${t.doseGateExpiryH} h of its scheduled time`));
    return out.length ? out : undefined;
  }

  /** Next scheduled dose: last documented + 8 h, while the cycle has doses left. */
  private dueTime(ctx: PatientContext): number | null {
    if (this.lastDoseAt === null || this.dosesThisCycle >= ctx.t.dosesPerCycle) return null;
    return this.lastDoseAt + ctx.t.doseIntervalH * HOUR;
  }

  private evaluate(at: number, due: number, when: string, ctx: PatientContext): RuleSignal | undefined {
    const t = ctx.t;
    const absolute = ABSOLUTE.filter((r) => ctx.alerts.severity(r) === 'high');
    const relative = RELATIVE.filter((r) => ctx.alerts.severity(r) === 'medium');
    const held = this.heldThisCycle >= t.doseHeldStop;
    const dose = `dose ${this.lastDoseNumber + 1} due ${toIso(due)} (${when})`;
    const evidence: Evidence[] = [...absolute.map((r) => ev(r, 'high', at)), ...relative.map((r) => ev(r, 'medium', at))];
    let severity: AlertSeverity | null = null;
    const why: string[] = [];
    if (absolute.length) why.push(`absolute: ${absolute.join(', ')}`);
    if (relative.length >= 3) why.push(`${relative.length} relative criteria at once`);
    if (held) why.push(`${this.heldThisCycle} doses already held this cycle`);
    if (why.length) severity = 'high';
    else if (relative.length) {
      severity = 'medium';
      why.push(`relative: ${relative.join(', ')}`);
    }
    if (!severity) return undefined;
    return fire(at, severity, `${severity === 'high' ? 'STOP-REVIEW' : 'HOLD'} before ${dose}: ${why.join('; ')}${severity === 'high' && relative.length && relative.length < 3 ? `; relative: ${relative.join(', ')}` : ''}`, evidence);
  }
}

function ev(rule: AlertRule, severity: string, at: number): Evidence {
  return { eventId: '', time: toIso(at), field: rule, value: severity };
}
