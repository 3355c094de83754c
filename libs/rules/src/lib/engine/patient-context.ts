import type { AlertRule, AlertSeverity, ClinicalEvent, Evidence, OxygenDevice } from '@vigil/contracts';
import type { ThresholdKey, ThresholdSet, ThresholdValues } from '../threshold-set';
import { PressorState } from './pressor-state';
import { HourlyMeans } from './hourly-means';
import { UrineLedger } from './urine-ledger';
import { creatinineMgDl, labKind, specimenMs } from './lab-codes';

export interface Sample {
  value: number;
  at: number;
  eventId: string;
}

export type VitalField = 'sbp' | 'dbp' | 'map' | 'hr' | 'spo2' | 'rr' | 'temp' | 'o2FlowLpm' | 'fio2Pct';

export interface DoseRecord {
  at: number;
  doseNumber: number;
  status: 'given' | 'held';
}

/** What the alert lifecycle tells rules about their own and other rules' alerts. */
export interface AlertView {
  isOpen(rule: AlertRule): boolean;
  severity(rule: AlertRule): AlertSeverity | null;
  /** The rule's open alert is a §10 recheck prompt, not yet confirmed. */
  isPrompt(rule: AlertRule): boolean;
  /** Time of the first acknowledgement of the rule's open alert, or null. */
  acknowledgedAt(rule: AlertRule): number | null;
  /**
   * When the rule's open alert began in effective time, or null. A rule whose open alert was carried
   * into a rebuilt state (it began before the kept history) judges its resolve from there, not from
   * history that precedes it.
   */
  onsetOf(rule: AlertRule): number | null;
}

/** Per-patient facts shared by all rules: who, where, baseline, latest values, pressors, doses, thresholds. */
export class PatientContext {
  wardId: string | null = null;
  bed: string | null = null;
  weightKg: number | null = null;
  baseline: { sbp?: number; map?: number; weightKg?: number; creatinine?: number } = {};
  readonly latest: Partial<Record<VitalField, Sample>> = {};
  rhythm: { label: string; at: number; eventId: string } | null = null;
  acvpu: { value: string; at: number } | null = null;
  /** The oxygen device as last charted (§10 "Oxygen"), for NEWS2's air-or-oxygen term. */
  o2Device: { value: OxygenDevice; at: number } | null = null;
  readonly pressors = new PressorState();
  readonly doses: DoseRecord[] = [];
  /** Urine collections of every site (§10): read by OLIGURIA and by the dose gate's coverage check. */
  readonly urine = new UrineLedger();
  /** The latest creatinine result by specimen time (the dose gate needs one within 24 h). */
  lastCreatinine: { at: number; value: number; eventId: string } | null = null;
  /** The latest plausible weight (admit or `weight` event, §10), and when it was taken. */
  weight: { kg: number; at: number; eventId: string } | null = null;
  /** A weight > 10% away from the previous one within 24 h, waiting for a confirming weight (§10). */
  pendingWeight: { kg: number; at: number; eventId: string } | null = null;
  thresholds: ThresholdSet;
  /** Provenance of overridden threshold keys (the `thresholds` events in force). */
  thresholdSources: Partial<Record<ThresholdKey, Evidence>> = {};
  private readonly preDose = { sbp: new HourlyMeans(), map: new HourlyMeans() };
  private firstDoseAt: number | null = null;
  private preDoseWeight: number | null = null;
  /** OLIGURIA's band from the shift, mL/kg, KDIGO and label criteria at its last evaluation (§10: what the gate judges). */
  oliguriaGateBand: AlertSeverity | null = null;
  /** Whether the last `weight` event was plausible or confirmed (WEIGHT_GAIN alarms only on those). */
  lastWeightAccepted = true;
  /** Whether the last pressor event started or raised an infusion (HYPOTENSION escalates on it). */
  lastPressorRaised = false;

  constructor(
    readonly patientId: string,
    thresholds: ThresholdSet,
    readonly alerts: AlertView,
  ) {
    this.thresholds = thresholds;
  }

  get t(): ThresholdValues {
    return this.thresholds.values;
  }

  /** Weight for mL/kg rules (§10): the latest admit or confirmed `weight` event, else the baseline. */
  get referenceWeightKg(): number | null {
    return this.weight?.kg ?? this.baseline.weightKg ?? this.weightKg;
  }

  /**
   * §10 weight plausibility: a weight more than 10% away from the previous one within 24 h is held
   * until a second weight confirms it (within 2% of it); then both count. Returns whether `kg` is
   * now the patient's weight.
   */
  private noteWeight(kg: number, at: number, eventId: string): boolean {
    const prev = this.weight;
    const pending = this.pendingWeight;
    if (pending && Math.abs(kg - pending.kg) <= 0.02 * pending.kg && at > pending.at) {
      this.pendingWeight = null;
      this.weight = { kg, at, eventId };
      return true;
    }
    if (prev && at - prev.at < 24 * 3_600_000 && Math.abs(kg - prev.kg) > 0.1 * prev.kg) {
      this.pendingWeight = { kg, at, eventId };
      return false;
    }
    this.pendingWeight = null;
    if (!prev || at >= prev.at) this.weight = { kg, at, eventId };
    return true;
  }

  /** Latest value of a vital if measured within maxAgeMs of `now`. */
  recent(field: VitalField, now: number, maxAgeMs: number): Sample | undefined {
    const s = this.latest[field];
    return s && now - s.at <= maxAgeMs && s.at <= now ? s : undefined;
  }

  lastGivenDose(now: number): DoseRecord | undefined {
    for (let i = this.doses.length - 1; i >= 0; i--) if (this.doses[i].status === 'given' && this.doses[i].at <= now) return this.doses[i];
    return undefined;
  }

  private note(f: VitalField, value: number, at: number, eventId: string): void {
    const s = this.latest[f];
    if (s === undefined) this.latest[f] = { value, at, eventId };
    else if (s.at <= at) {
      // Updated in place: one vitals event per minute per patient must not allocate per field.
      s.value = value;
      s.at = at;
      s.eventId = eventId;
    }
  }

  /** Time of the first given dose (baselines freeze then), or null. */
  get firstDose(): number | null {
    return this.firstDoseAt;
  }

  /** Carries a frozen baseline into a replayed state whose history no longer reaches dose 1. */
  carryBaseline(from: PatientContext): void {
    this.baseline = { ...from.baseline, ...this.baseline };
  }

  hasGivenDose(): boolean {
    return this.firstDoseAt !== null;
  }

  /**
   * §6.0 baseline: the mean of ≥2 values in the 24 h before dose 1 (weight: the last before dose 1),
   * frozen for the course. An admission baseline, when given, wins.
   */
  private freezeBaseline(doseAt: number): void {
    for (const field of ['sbp', 'map'] as const) {
      if (this.baseline[field] !== undefined) continue;
      const mean = this.preDose[field].mean(doseAt - 24 * 3_600_000, doseAt);
      if (mean !== null) this.baseline[field] = mean;
    }
    if (this.baseline.weightKg === undefined && this.preDoseWeight !== null) this.baseline.weightKg = this.preDoseWeight;
  }

  /** Updates the shared facts; called before any rule sees the event. */
  observe(event: ClinicalEvent, at: number): void {
    switch (event.type) {
      case 'admit':
        this.wardId = event.wardId;
        this.bed = event.bed;
        if (event.weightKg !== undefined) {
          this.weightKg = event.weightKg;
          this.weight = { kg: event.weightKg, at, eventId: event.id };
        }
        this.baseline = { ...this.baseline, ...(event.baseline ?? {}) };
        break;
      case 'transfer':
        this.wardId = event.wardId;
        this.bed = event.bed;
        break;
      case 'vitals':
        if (this.firstDoseAt === null) {
          if (event.sbp !== undefined) this.preDose.sbp.add(event.sbp, at);
          if (event.map !== undefined) this.preDose.map.add(event.map, at);
        }
        // Unrolled (monomorphic property reads): this runs for every vitals event.
        if (event.sbp !== undefined) this.note('sbp', event.sbp, at, event.id);
        if (event.dbp !== undefined) this.note('dbp', event.dbp, at, event.id);
        if (event.map !== undefined) this.note('map', event.map, at, event.id);
        if (event.hr !== undefined) this.note('hr', event.hr, at, event.id);
        if (event.spo2 !== undefined) this.note('spo2', event.spo2, at, event.id);
        if (event.rr !== undefined) this.note('rr', event.rr, at, event.id);
        if (event.temp !== undefined) this.note('temp', event.temp, at, event.id);
        if (event.o2FlowLpm !== undefined) this.note('o2FlowLpm', event.o2FlowLpm, at, event.id);
        if (event.fio2Pct !== undefined) this.note('fio2Pct', event.fio2Pct, at, event.id);
        if (event.o2Device !== undefined && (!this.o2Device || this.o2Device.at <= at)) this.o2Device = { value: event.o2Device, at };
        break;
      case 'rhythm':
        this.rhythm = { label: event.rhythm, at, eventId: event.id };
        // The monitor's HR counts like a charted one: only if not older than the latest.
        if (event.hr !== undefined) this.note('hr', event.hr, at, event.id);
        break;
      case 'pressor':
        this.lastPressorRaised = this.pressors.set(at, event.drug, event.rateMcgKgMin).raised;
        break;
      case 'neuro':
        this.acvpu = { value: event.acvpu, at };
        break;
      case 'weight':
        this.lastWeightAccepted = this.noteWeight(event.kg, at, event.id);
        if (this.firstDoseAt === null && this.lastWeightAccepted) this.preDoseWeight = event.kg;
        break;
      case 'urine':
        this.urine.add(Date.parse(event.periodStart), at, event.volumeMl, event.site);
        break;
      case 'lab':
        if (labKind(event) === 'creatinine') {
          const t = specimenMs(event, at);
          if (!this.lastCreatinine || t >= this.lastCreatinine.at) this.lastCreatinine = { at: t, value: creatinineMgDl(event), eventId: event.id };
        }
        break;
      case 'dose':
        if (event.status === 'given' && this.firstDoseAt === null) {
          this.firstDoseAt = at;
          this.freezeBaseline(at);
        }
        this.doses.push({ at, doseNumber: event.doseNumber, status: event.status });
        if (this.doses.length > 64) this.doses.shift();
        break;
      default:
        break;
    }
  }
}
