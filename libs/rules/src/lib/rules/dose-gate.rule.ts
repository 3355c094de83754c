import { bpIsArtefact, type AlertRule, type AlertSeverity, type ClinicalEvent, type DoseGateDecision, type DoseSchedule, type Evidence } from '@vigil/contracts';
import { fire, resolve, stepDown, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext, Sample } from '../engine/patient-context';
import { pressorBand } from './hypotension.rule';
import { HOUR, MIN, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

/** Rules whose open MEDIUM alert is a hold (relative) criterion (§6.1, 6.4, 6.5, 6.6, 6.9, 6.13). */
const RELATIVE: readonly AlertRule[] = ['hypotension', 'creatinine', 'weight_gain', 'hypoxia', 'confusion'];
/** Rules whose open HIGH alert is an absolute (stop) criterion; AF_RR only once corroborated (HIGH). */
const ABSOLUTE: readonly AlertRule[] = ['hypotension', 'af_rhythm', 'af_rr', 'creatinine', 'hypoxia', 'confusion'];

export type GateDecision = DoseGateDecision;
const SEVERITY: Record<GateDecision, AlertSeverity> = { 'PROCEED-CHECK': 'low', HOLD: 'medium', 'HOLD — data missing': 'medium', 'STOP-REVIEW': 'high' };

/**
 * DOSE_GATE (§6.12 as amended by §10: "never says nothing"). At T_dose − 2 h [TIL24] and at T_dose
 * [D14] (T_dose = last documented dose + 8 h within a cycle) it always emits a decision, as this
 * rule's alert, with the evidence it used:
 * - STOP-REVIEW (HIGH): an absolute criterion (a HIGH alert of an absolute rule; P2 vasopressors
 *   even with normal BP; the latest BP in the HIGH band; HR >130 at the gate with hypotension and
 *   fever corrected [D14]), ≥3 relative criteria at once, or 3 doses held this cycle [SP15];
 * - HOLD (MEDIUM): a relative criterion (a MEDIUM alert of a relative rule, P1, the latest BP with
 *   SBP <90 or MAP <65, HR ≥100 at the gate with hypotension and fever corrected, SpO2 <90%);
 * - HOLD — data missing (MEDIUM): BP or HR older than 2 h, urine covering <90% of the last 8 h,
 *   creatinine older than 24 h, or no weight;
 * - PROCEED-CHECK (LOW) otherwise, with the values it used.
 * Tachycardia, hypotension and hypoxia are judged from the latest readings, not only from alerts.
 * The T_dose decision restates the open T − 2 h alert (`updated`, its evidence replaced; its band
 * rises or steps down with the decision). A documented dose (given or held) resolves it, as does
 * T_dose + 2 h without one; the closed alert keeps the last decision, its reasons and criteria in its
 * evidence and adds the outcome (given, held, expired), so the gate's record per dose outlives the
 * dose (`doseGateRecord` in @vigil/contracts reads it back).
 */
export class DoseGateRule implements Rule {
  readonly id = 'dose_gate' as const;
  readonly inputs = ['dose'] as const;
  /**
   * The decision is a record, bounded by construction: 5 header items, at most 26 criteria (absolute:
   * 6 rules' alerts, oliguria, BP, pressors, HR, SpO2; relative: 5 rules' alerts and the same 5 readings;
   * missing: BP, HR, urine, creatinine, weight), 7 values used, the outcome, and the rule's 7 threshold
   * sources: 46. Kept whole (the default 24 cut the values the gate used when a ward had set thresholds).
   */
  readonly evidenceLimit = 64;
  readonly thresholdKeys: readonly ThresholdKey[] = ['doseIntervalH', 'doseGatePreH', 'dosesPerCycle', 'doseHeldStop', 'gateVitalsMaxAgeH', 'gateUrineCoverage', 'gateCreatinineMaxAgeH'];

  private lastDoseAt: number | null = null;
  private lastDoseNumber = 0;
  private lastDoseStatus: 'given' | 'held' | null = null;
  private dosesThisCycle = 0;
  private heldThisCycle = 0;
  private evaluatedPre = false;
  private evaluatedAt = false;
  /** The band of the decision last emitted (a T − 2 h and a T_dose decision may share one tick). */
  private lastSeverity: AlertSeverity | null = null;
  /** The decision last emitted for the pending dose: kept on the alert when the dose is documented. */
  private lastDecision: { decision: GateDecision; checkpoint: string; why: string } | null = null;
  /** A dose documented before its gate decided: that record stays open until the checkpoint it pre-empted. */
  private earlyRecord: { closeAt: number; doseAt: number; eventId: string; outcome: 'given' | 'held'; message: string } | null = null;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    if (event.type !== 'dose') return undefined;
    const t = ctx.t;
    // A dose-free gap longer than a rest period starts a new cycle.
    if (this.lastDoseAt === null || at - this.lastDoseAt > t.il2CycleGapH * HOUR) {
      this.dosesThisCycle = 0;
      this.heldThisCycle = 0;
    }
    // A dose documented before its T − 2 h checkpoint: no decision preceded it in effective time. The
    // gate decides at the dose from the latest readings and keeps that record open until the checkpoint
    // it pre-empted, then closes it with the outcome. Both arrival orders give this one record: charted
    // late, the decision published at the checkpoint is withdrawn by the rebuild and this one replaces it.
    const early = this.earlyDose(event, at, ctx);
    this.lastDoseAt = at;
    this.lastDoseNumber = event.doseNumber;
    this.lastDoseStatus = event.status;
    this.dosesThisCycle++;
    if (event.status === 'held') this.heldThisCycle++;
    this.evaluatedPre = false;
    this.evaluatedAt = false;
    const last = this.lastDecision;
    this.lastDecision = null;
    if (early) return early;
    if (!ctx.alerts.isOpen(this.id)) return undefined;
    // The decision stays on the closed alert (its evidence keeps decision, why and criteria): what the
    // gate said, and what was done, per dose.
    const said = last ? `; the gate said ${last.decision} (${last.checkpoint}): ${last.why}` : '';
    return resolve(at, `dose ${event.doseNumber} documented as ${event.status}${event.reason ? ` (${event.reason})` : ''}${said}`, [
      { eventId: event.id, time: toIso(at), field: 'outcome', value: event.status },
    ]);
  }

  /** The last documented dose and the next one due, as this rule counts them (the bed tile's dose line). */
  schedule(ctx: PatientContext): DoseSchedule | null {
    if (this.lastDoseAt === null) return null;
    const due = this.dueTime(ctx);
    return {
      lastDose: { doseNumber: this.lastDoseNumber, time: toIso(this.lastDoseAt), status: this.lastDoseStatus ?? null },
      nextDose: due === null ? null : { doseNumber: this.lastDoseNumber + 1, due: toIso(due) },
    };
  }

  nextDue(ctx: PatientContext): number | null {
    if (this.earlyRecord) return this.earlyRecord.closeAt;
    const due = this.dueTime(ctx);
    if (due === null) return null;
    const t = ctx.t;
    if (!this.evaluatedPre) return due - t.doseGatePreH * HOUR;
    if (!this.evaluatedAt) return due;
    return ctx.alerts.isOpen(this.id) ? due + t.doseGateExpiryH * HOUR : null;
  }

  onTick(now: number, ctx: PatientContext): RuleSignal[] | undefined {
    const early = this.earlyRecord;
    if (early) {
      if (now < early.closeAt) return undefined;
      this.earlyRecord = null;
      return [resolve(early.closeAt, early.message, [{ eventId: early.eventId, time: toIso(early.doseAt), field: 'outcome', value: early.outcome }])];
    }
    const due = this.dueTime(ctx);
    if (due === null) return undefined;
    const t = ctx.t;
    const out: RuleSignal[] = [];
    const pre = due - t.doseGatePreH * HOUR;
    if (!this.evaluatedPre && now >= pre) {
      this.evaluatedPre = true;
      out.push(...this.decide(pre, due, `T−${t.doseGatePreH} h`, ctx, false));
    }
    if (!this.evaluatedAt && now >= due) {
      this.evaluatedAt = true;
      out.push(...this.decide(due, due, 'T_dose', ctx, out.length > 0));
    }
    const expiry = due + t.doseGateExpiryH * HOUR;
    if (this.evaluatedAt && now >= expiry && (ctx.alerts.isOpen(this.id) || out.some((s) => s.kind === 'fire'))) {
      const last = this.lastDecision;
      const said = last ? `; the gate said ${last.decision} (${last.checkpoint}): ${last.why}` : '';
      out.push(resolve(expiry, `no dose ${this.lastDoseNumber + 1} documented within ${t.doseGateExpiryH} h of its scheduled time${said}`, [{ eventId: '', time: toIso(expiry), field: 'outcome', value: 'expired' }]));
    }
    return out.length ? out : undefined;
  }

  /**
   * The record of a dose documented before the gate decided for it (before its T − 2 h checkpoint): a
   * decision at the dose from the latest readings, open until the checkpoint it pre-empted (so it never
   * opens and closes at one instant, §10), then closed with the dose's outcome.
   */
  private earlyDose(event: ClinicalEvent & { type: 'dose' }, at: number, ctx: PatientContext): RuleSignal | undefined {
    const due = this.dueTime(ctx);
    if (due === null || this.evaluatedPre || this.earlyRecord) return undefined;
    const pre = due - ctx.t.doseGatePreH * HOUR;
    if (at >= pre) return undefined;
    const d = evaluateGate(at, ctx, this.heldThisCycle);
    const why = d.why.join('; ');
    const checkpoint = 'at dose';
    const number = this.lastDoseNumber + 1;
    const ahead = pre - at < MIN ? `${Math.round((pre - at) / 1000)} s` : `${Math.round((pre - at) / MIN)} min`;
    const before = `dose ${event.doseNumber} documented as ${event.status} ${ahead} before the T−${ctx.t.doseGatePreH} h checkpoint of dose ${number} (due ${toIso(due)})`;
    const evidence: Evidence[] = [
      { eventId: event.id, time: toIso(at), field: 'decision', value: d.decision },
      { eventId: event.id, time: toIso(at), field: 'doseDue', value: toIso(due) },
      { eventId: event.id, time: toIso(at), field: 'doseNumber', value: event.doseNumber },
      { eventId: event.id, time: toIso(at), field: 'checkpoint', value: checkpoint },
      { eventId: event.id, time: toIso(at), field: 'why', value: why },
      ...d.evidence,
    ];
    this.earlyRecord = { closeAt: pre, doseAt: at, eventId: event.id, outcome: event.status, message: `${before}${event.reason ? ` (${event.reason})` : ''}; the gate said ${d.decision} (${checkpoint}): ${why}` };
    return fire(at, SEVERITY[d.decision], `${d.decision} at ${before}: ${why}`, evidence);
  }

  /** Next scheduled dose: last documented + 8 h, while the cycle has doses left. */
  private dueTime(ctx: PatientContext): number | null {
    if (this.lastDoseAt === null || this.dosesThisCycle >= ctx.t.dosesPerCycle) return null;
    return this.lastDoseAt + ctx.t.doseIntervalH * HOUR;
  }

  /** The decision at one checkpoint; the T_dose one replaces an open T − 2 h one. */
  private decide(at: number, due: number, checkpoint: string, ctx: PatientContext, openedThisTick: boolean): RuleSignal[] {
    const d = evaluateGate(at, ctx, this.heldThisCycle);
    const dose = `dose ${this.lastDoseNumber + 1} due ${toIso(due)} (${checkpoint})`;
    const why = d.why.join('; ');
    const message = `${d.decision} before ${dose}: ${why}`;
    this.lastDecision = { decision: d.decision, checkpoint, why };
    const evidence: Evidence[] = [
      { eventId: '', time: toIso(at), field: 'decision', value: d.decision },
      { eventId: '', time: toIso(at), field: 'doseDue', value: toIso(due) },
      { eventId: '', time: toIso(at), field: 'doseNumber', value: this.lastDoseNumber + 1 },
      { eventId: '', time: toIso(at), field: 'checkpoint', value: checkpoint },
      { eventId: '', time: toIso(at), field: 'why', value: why },
      ...d.evidence,
    ];
    const severity = SEVERITY[d.decision];
    const current = openedThisTick ? this.lastSeverity : ctx.alerts.severity(this.id);
    this.lastSeverity = severity;
    if (current === null) return [fire(at, severity, message, evidence)];
    // One alert per dose: the T_dose decision restates it (a lower band steps it down, audited).
    if (rank(severity) < rank(current)) return [{ ...stepDown(at, severity, message, evidence), restate: true }];
    return [{ ...fire(at, severity, message, evidence), restate: true }];
  }
}

const rank = (s: AlertSeverity) => (s === 'low' ? 1 : s === 'medium' ? 2 : 3);

export interface GateEvaluation {
  decision: GateDecision;
  why: string[];
  evidence: Evidence[];
}

/** §10 gate inputs from the latest readings and the rules' open alerts at `at`. */
export function evaluateGate(at: number, ctx: PatientContext, heldThisCycle: number): GateEvaluation {
  const t = ctx.t;
  const iso = toIso(at);
  const absolute: string[] = [];
  const relative: string[] = [];
  const missing: string[] = [];
  const used: Evidence[] = [];
  const maxAge = t.gateVitalsMaxAgeH * HOUR;
  const fresh = (s: Sample | undefined) => (s && s.at <= at && at - s.at <= maxAge ? s : undefined);
  const show = (field: string, s: Sample) => used.push({ eventId: s.eventId, time: toIso(s.at), field, value: s.value });
  const age = (s: Sample | undefined) => (s ? `last ${Math.round((at - s.at) / MIN)} min before` : 'none');

  for (const r of ABSOLUTE) if (ctx.alerts.severity(r) === 'high' && !ctx.alerts.isPrompt(r)) absolute.push(`${r} alert (HIGH)`);
  for (const r of RELATIVE) if (ctx.alerts.severity(r) === 'medium' && !ctx.alerts.isPrompt(r)) relative.push(`${r} alert (MEDIUM)`);
  // OLIGURIA counts by its shift, mL/kg and KDIGO criteria only (§10), not its hourly ones.
  const oliguria = ctx.alerts.isOpen('oliguria') ? ctx.oliguriaGateBand : null;
  if (oliguria === 'high') absolute.push('oliguria (shift, mL/kg or KDIGO; HIGH)');
  else if (oliguria === 'medium') relative.push('oliguria (shift, mL/kg or KDIGO; MEDIUM)');

  // Blood pressure from the latest reading (artefacts never count).
  const sbp = fresh(ctx.latest.sbp);
  const map = fresh(ctx.latest.map);
  const plausible = (sbp || map) && !bpIsArtefact({ sbp: sbp?.value, map: map?.value });
  if (!plausible) {
    // A fresh reading that is an artefact (SBP 0 from the cuff) is not a BP either; say so, not "older than 2 h".
    const bad = [sbp && (sbp.value < 30 || sbp.value > 300) ? `SBP ${sbp.value}` : '', map && map.value < 20 ? `MAP ${map.value}` : ''].filter(Boolean);
    const artefact = sbp || map ? (bad.length ? bad.join(', ') : sbp ? `SBP ${sbp.value}` : `MAP ${map?.value}`) : '';
    missing.push(artefact ? `BP: the latest reading is an artefact (${artefact}); recheck` : `BP older than ${t.gateVitalsMaxAgeH} h (${age(ctx.latest.sbp ?? ctx.latest.map)})`);
  }
  let bpLow = false;
  if (plausible) {
    if (sbp) show('sbp', sbp);
    if (map) show('map', map);
    const severe = (sbp && sbp.value < t.sbpSevere) || (map && map.value < t.mapSevere);
    bpLow = !!((sbp && sbp.value < t.sbpLow) || (map && map.value < t.mapLow));
    const text = [sbp ? `SBP ${sbp.value}` : '', map ? `MAP ${map.value}` : ''].filter(Boolean).join(', ');
    // One criterion per domain: the reading counts only where the confirmed alert does not already.
    const alert = ctx.alerts.isPrompt('hypotension') ? null : ctx.alerts.severity('hypotension');
    if (severe && alert !== 'high') absolute.push(`latest BP ${text} (SBP <${t.sbpSevere} or MAP <${t.mapSevere})`);
    else if (bpLow && !severe && alert !== 'medium' && alert !== 'high') relative.push(`latest BP ${text} (SBP <${t.sbpLow} or MAP <${t.mapLow})`);
  }
  const pressor = pressorBand(ctx, at);
  if (pressor.level === 2) absolute.push(pressor.why);
  else if (pressor.level === 1) relative.push(pressor.why);

  // Tachycardia counts only if it persists at the gate with hypotension and fever corrected [D14].
  const hr = fresh(ctx.latest.hr);
  if (!hr || hr.value <= 0) missing.push(`HR older than ${t.gateVitalsMaxAgeH} h (${age(ctx.latest.hr)})`);
  else {
    show('hr', hr);
    const corrected = !bpLow && !ctx.alerts.isOpen('fever') && (ctx.alerts.severity('hypotension') === null || ctx.alerts.isPrompt('hypotension') || ctx.alerts.severity('hypotension') === 'low');
    if (corrected && hr.value > t.hrAbsolute) absolute.push(`HR ${hr.value} /min at the gate with hypotension and fever corrected (>${t.hrAbsolute})`);
    else if (corrected && hr.value >= t.hrRelative) relative.push(`HR ${hr.value} /min at the gate with hypotension and fever corrected (≥${t.hrRelative})`);
  }

  const spo2 = fresh(ctx.latest.spo2);
  if (spo2 && spo2.value >= 50) {
    show('spo2', spo2);
    const alert = ctx.alerts.isPrompt('hypoxia') ? null : ctx.alerts.severity('hypoxia');
    if (spo2.value < t.spo2Severe && alert !== 'high') absolute.push(`SpO2 ${spo2.value}% (<${t.spo2Severe})`);
    else if (spo2.value >= t.spo2Severe && spo2.value < t.spo2Low && alert !== 'medium' && alert !== 'high') relative.push(`SpO2 ${spo2.value}% (<${t.spo2Low})`);
  }

  const cover = ctx.urine.coverage(at - t.uoShiftH * HOUR, at);
  if (cover < t.gateUrineCoverage) missing.push(`urine covers ${Math.round(cover * 100)}% of the last ${t.uoShiftH} h (<${Math.round(t.gateUrineCoverage * 100)}%)`);
  else {
    const rate = ctx.urine.rate(at - t.uoShiftH * HOUR, at, t.gateUrineCoverage);
    if (rate !== null) used.push({ eventId: '', time: iso, field: `urine${t.uoShiftH}hMl`, value: Math.round(rate * t.uoShiftH) });
  }
  const creat = ctx.lastCreatinine;
  if (!creat || creat.at > at || at - creat.at > t.gateCreatinineMaxAgeH * HOUR) missing.push(`creatinine older than ${t.gateCreatinineMaxAgeH} h (${creat ? `last ${Math.round((at - creat.at) / HOUR)} h before` : 'none'})`);
  else used.push({ eventId: creat.eventId, time: toIso(creat.at), field: 'creatinine', value: Math.round(creat.value * 100) / 100 });
  const w = ctx.referenceWeightKg;
  if (w === null) missing.push('no weight');
  else used.push({ eventId: ctx.weight?.eventId ?? '', time: ctx.weight ? toIso(ctx.weight.at) : iso, field: 'weightKg', value: w });

  const held = heldThisCycle >= t.doseHeldStop;
  const why: string[] = [];
  let decision: GateDecision;
  if (absolute.length || relative.length >= 3 || held) {
    decision = 'STOP-REVIEW';
    if (absolute.length) why.push(`absolute: ${absolute.join(', ')}`);
    if (relative.length >= 3) why.push(`${relative.length} relative criteria at once`);
    if (held) why.push(`${heldThisCycle} doses already held this cycle`);
    if (relative.length && relative.length < 3) why.push(`relative: ${relative.join(', ')}`);
  } else if (relative.length) {
    decision = 'HOLD';
    why.push(`relative: ${relative.join(', ')}`);
  } else if (missing.length) {
    decision = 'HOLD — data missing';
  } else {
    decision = 'PROCEED-CHECK';
    why.push('no hold or stop criterion in the latest readings');
  }
  if (missing.length) why.push(`missing: ${missing.join('; ')}`);
  const criteria: Evidence[] = [
    ...absolute.map((c) => ({ eventId: '', time: iso, field: 'absolute', value: c })),
    ...relative.map((c) => ({ eventId: '', time: iso, field: 'relative', value: c })),
    ...missing.map((c) => ({ eventId: '', time: iso, field: 'missing', value: c })),
  ];
  return { decision, why, evidence: [...criteria, ...used] };
}
