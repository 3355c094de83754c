import type { Alert, ClinicalEvent, DoseSchedule, EngineTransition } from '@vigil/contracts';
import { defaultThresholds, layerThresholds, sanitizeOverrides, type ThresholdSet, type ThresholdValues } from './threshold-set';
import { PatientEngine, DEFAULT_HISTORY_HOURS } from './engine/patient-engine';
import { applyThresholdsEvent, type ResolvedThresholds, type ThresholdLayer, type ThresholdResolver } from './engine/patient-evaluator';
import { createRules } from './rule-registry';
import { DoseGateRule } from './rules/dose-gate.rule';
import { news2Score, type News2Result } from './news2/news2-score';
import { onSupplementalOxygen } from './engine/oxygen-requirement';
import { HOUR, MIN, toMs } from './time';

export interface RulesEngineOptions {
  /** Engine-wide (hospital) overrides on the CLINICAL_RULES.md defaults. */
  thresholds?: Partial<ThresholdValues>;
  /** How far back a late event can still be re-evaluated in effective-time order (default 24 h). */
  historyHours?: number;
  /**
   * Keep the effective-time view of closed records (revisedClosedAlerts) after they leave the late-data
   * horizon, for offline analyses that read episodes over a whole run (replay, bench:late, the
   * arrival-order properties). Off by default: the live service reads none of them, and a long run
   * must not grow without limit.
   */
  keepSettledRevisions?: boolean;
}

/**
 * The multi-patient engine: routes events by patientId, holds ward-level threshold overrides, and
 * exposes exactly two inputs, process(event) and tick(time). No clock, no IO: same input, same output.
 */
export class RulesEngine {
  private readonly base: ThresholdSet;
  private readonly wards = new Map<string, ThresholdLayer>();
  private readonly wardEventIds = new Set<string>();
  private readonly patients = new Map<string, PatientEngine>();
  /** Discharged patients and when: their state is dropped once the late-data horizon has passed. */
  private readonly discharged = new Map<string, number>();
  private nextDischargeSweep = Number.NEGATIVE_INFINITY;
  private readonly horizonMs: number;
  private readonly keepSettledRevisions: boolean;
  /** Resolved sets shared by the patients without overrides, per ward ('' = not yet placed). */
  private readonly wardSets = new Map<string, ResolvedThresholds>();
  /**
   * No patient has a timer due before this (a lower bound: lowered after every event, recomputed when
   * a tick visits every patient). A tick before it, with time not going back, visits no one.
   */
  private minDue = Number.POSITIVE_INFINITY;
  /** The latest tick that visited no one, and a serial, so patients can still learn the time they were ticked to. */
  private readonly skipped = { at: Number.NEGATIVE_INFINITY, serial: 0 };
  private tickMax = Number.NEGATIVE_INFINITY;
  /** One resolver shared by every patient (snapshots write it by name and bind it to the restored engine). */
  private readonly resolver: ThresholdResolver = (wardId, layer) => this.resolve(wardId, layer);

  constructor(options: RulesEngineOptions = {}) {
    const defaults = defaultThresholds();
    const engineWide = sanitizeOverrides(options.thresholds);
    this.base = layerThresholds(defaults, [{ values: engineWide, changes: Object.keys(engineWide).length > 0 ? 1 : 0 }]);
    this.horizonMs = (options.historyHours ?? DEFAULT_HISTORY_HOURS) * HOUR;
    this.keepSettledRevisions = options.keepSettledRevisions === true;
  }

  process(event: ClinicalEvent): EngineTransition[] {
    if (event.type === 'thresholds' && event.scope === 'ward') {
      if (this.wardEventIds.has(event.id)) return [];
      this.wardEventIds.add(event.id);
      const wardId = event.wardId ?? this.patients.get(event.patientId)?.state.ctx.wardId;
      if (!wardId) return [];
      const layer = this.wards.get(wardId) ?? { values: {}, changes: 0, sources: {} };
      applyThresholdsEvent(layer, event);
      this.wards.set(wardId, layer);
      this.wardSets.delete(wardId);
      for (const p of this.patients.values())
        if (p.state.ctx.wardId === wardId) {
          p.refreshThresholds();
          // Its timers may now be due sooner: keep the engine's lower bound a lower bound.
          if (p.state.dueAt < this.minDue) this.minDue = p.state.dueAt;
        }
      return [];
    }
    const p = this.patient(event.patientId);
    const out = p.process(event);
    if (event.type === 'discharge') this.discharged.set(event.patientId, toMs(event.time));
    else if (event.type === 'admit' || event.type === 'transfer') this.discharged.delete(event.patientId);
    if (p.state.dueAt < this.minDue) this.minDue = p.state.dueAt;
    return out;
  }

  tick(time: string): EngineTransition[] {
    return this.tickAt(toMs(time));
  }

  /** tick() with the time in epoch milliseconds. */
  tickAt(now: number): EngineTransition[] {
    if (now >= this.nextDischargeSweep && this.discharged.size > 0) this.dropDischarged(now);
    // Offline replay ticks at every new event time and the service every second: with thousands of
    // patients, most ticks find nothing due anywhere, so they are answered in one comparison.
    if (now < this.minDue && now >= this.tickMax) {
      this.tickMax = now;
      this.skipped.at = now;
      this.skipped.serial++;
      return [];
    }
    if (now > this.tickMax) this.tickMax = now;
    const out: EngineTransition[] = [];
    let minDue = Number.POSITIVE_INFINITY;
    for (const p of this.patients.values()) {
      const t = p.tick(now);
      if (t.length > 0) out.push(...t);
      if (p.state.dueAt < minDue) minDue = p.state.dueAt;
    }
    this.minDue = minDue;
    return out;
  }

  /**
   * Rebuilds state after a restart by replaying stored events (effective-time order) and returns the
   * alerts open at the end. Transitions are not returned: they are already on record.
   */
  restore(events: Iterable<ClinicalEvent>, until?: string): Alert[] {
    const sorted = [...events].sort((a, b) => toMs(a.time) - toMs(b.time));
    // Each patient's evaluator runs its own timers up to every event time, so no global tick is needed here.
    for (const e of sorted) this.process(e);
    if (until) this.tick(until);
    return this.activeAlerts();
  }

  /** Open (active or acknowledged) alerts, for one patient or all. */
  activeAlerts(patientId?: string): Alert[] {
    if (patientId !== undefined) return this.patients.get(patientId)?.openAlerts() ?? [];
    return [...this.patients.values()].flatMap((p) => p.openAlerts());
  }

  /**
   * Alerts already closed downstream whose episode late data showed differently (closed earlier, or
   * no episode at all): id → the effective-time alert, or null. The record stands (nothing follows
   * `resolved`); this is the effective-time view beside it. Only records still within the late-data
   * horizon, unless the engine was made with `keepSettledRevisions`.
   */
  revisedClosedAlerts(patientId?: string): Map<string, Alert | null> {
    const out = new Map<string, Alert | null>();
    for (const p of this.patients.values()) if (patientId === undefined || p.patientId === patientId) for (const [id, a] of p.revisedClosed) out.set(id, a);
    return out;
  }

  /** Threshold set in force for a patient (defaults ← engine ← ward ← patient). */
  thresholdsFor(patientId: string): ThresholdSet {
    return this.patients.get(patientId)?.state.ctx.thresholds ?? this.resolve(null, { values: {}, changes: 0, sources: {} }).set;
  }

  /** The last documented dose and the next one due (the dose gate's count); null before the first dose. */
  doseSchedule(patientId: string): DoseSchedule | null {
    const p = this.patients.get(patientId);
    const gate = p?.state.rules.find((r): r is DoseGateRule => r instanceof DoseGateRule);
    return p && gate ? gate.schedule(p.state.ctx) : null;
  }

  /** NEWS2 total from the latest values within the window before the patient's latest observation; null without data. */
  news2(patientId: string): number | null {
    return this.news2Detail(patientId)?.score ?? null;
  }

  news2Detail(patientId: string): News2Result | null {
    const p = this.patients.get(patientId);
    if (!p) return null;
    const ctx = p.state.ctx;
    const latest = Object.values(ctx.latest).reduce((m, s) => Math.max(m, s?.at ?? 0), 0);
    if (latest === 0) return null;
    const win = ctx.t.news2Window * MIN;
    const v = (f: 'rr' | 'spo2' | 'sbp' | 'hr' | 'temp' | 'o2FlowLpm' | 'fio2Pct') => ctx.recent(f, latest, win)?.value;
    const device = ctx.o2Device && latest - ctx.o2Device.at <= win ? ctx.o2Device.value : undefined;
    // §10 "Oxygen": the device says air or oxygen when charted; else FiO2 above 21%, else a flow.
    const onOxygen = onSupplementalOxygen({ flowLpm: v('o2FlowLpm'), fio2Pct: v('fio2Pct'), device });
    const acvpu = ctx.acvpu && latest - ctx.acvpu.at <= win ? ctx.acvpu.value : undefined;
    return news2Score({
      respRate: v('rr'),
      spo2: v('spo2'),
      onOxygen,
      sbp: v('sbp'),
      pulse: v('hr'),
      acvpu,
      temp: v('temp'),
      scale2: ctx.t.news2Scale2 >= 1,
    });
  }

  /**
   * Drops the state of patients discharged longer ago than the late-data horizon (checked once a
   * minute of engine time): nothing of theirs can be re-evaluated any more, and a hospital discharges
   * every day. Data arriving for one afterwards starts a new state (as for a patient never seen).
   */
  private dropDischarged(now: number): void {
    this.nextDischargeSweep = now + MIN;
    for (const [id, at] of this.discharged) {
      if (now - at <= this.horizonMs) continue;
      this.discharged.delete(id);
      if (this.patients.get(id)?.state.discharged) this.patients.delete(id);
    }
  }

  /** Number of patients the engine holds state for. */
  get patientCount(): number {
    return this.patients.size;
  }

  private patient(id: string): PatientEngine {
    let p = this.patients.get(id);
    if (!p) {
      p = new PatientEngine(id, createRules, this.resolver, this.horizonMs, this.skipped, this.keepSettledRevisions);
      this.patients.set(id, p);
    }
    return p;
  }

  private resolve(wardId: string | null, patient: ThresholdLayer): ResolvedThresholds {
    const ward = wardId ? this.wards.get(wardId) : undefined;
    if (patient.changes === 0) {
      // No patient overrides: every such patient of the ward shares one set (read on every event by
      // every rule, so one warm object beats thousands of identical cold copies).
      const key = wardId ?? '';
      let shared = this.wardSets.get(key);
      if (!shared) this.wardSets.set(key, (shared = this.layer(ward, patient)));
      return shared;
    }
    return this.layer(ward, patient);
  }

  private layer(ward: ThresholdLayer | undefined, patient: ThresholdLayer): ResolvedThresholds {
    return {
      set: layerThresholds(this.base, [ward ?? { values: {}, changes: 0 }, patient]),
      sources: { ...(ward?.sources ?? {}), ...patient.sources },
    };
  }
}
