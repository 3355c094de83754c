import type { Alert, ClinicalEvent, EngineTransition, TransitionType } from '@vigil/contracts';
import { HOUR, toIso, toMs } from '../time';
import type { Rule } from './rule';
import { PatientEvaluator, type ThresholdResolver } from './patient-evaluator';

/** High-volume types kept only within the replay horizon; everything else is kept for the stay (≤8 days). */
const HIGH_VOLUME = new Set<ClinicalEvent['type']>(['vitals', 'rhythm']);
const STAY_MS = 8 * 24 * HOUR;

/**
 * One patient: duplicate suppression, a history window for late events, and the evaluator.
 * An event older than the last one processed is inserted at its effective time and the history is
 * replayed through a fresh evaluator; the difference between the alerts before and after is emitted.
 */
export class PatientEngine {
  // The history window as parallel arrays (events and their parsed times): no wrapper per event.
  private readonly seen = new Set<string>();
  private events: ClinicalEvent[] = [];
  private times: number[] = [];
  private lastAt = Number.NEGATIVE_INFINITY;
  private evaluator: PatientEvaluator;
  private sincePrune = 0;
  /** History before this time is incomplete (pruned): replays carry over what was open then. */
  private prunedBefore = Number.NEGATIVE_INFINITY;

  constructor(
    readonly patientId: string,
    private readonly makeRules: () => Rule[],
    private readonly resolveThresholds: ThresholdResolver,
    private readonly horizonMs: number,
    /** The engine's latest tick that skipped every patient (nothing due), with its serial. */
    private readonly skippedTick: { readonly at: number; readonly serial: number } = { at: Number.NEGATIVE_INFINITY, serial: 0 },
  ) {
    this.evaluator = this.fresh();
    this.bornAtSerial = skippedTick.serial;
  }

  /** Skipped ticks up to this serial happened before this patient existed. */
  private readonly bornAtSerial: number;

  get state(): PatientEvaluator {
    return this.evaluator;
  }

  process(event: ClinicalEvent): EngineTransition[] {
    const at = toMs(event.time);
    if (event.type === 'rr') {
      // Never stored for replay: the RR stream is consumed in arrival order by rules carried across replays.
      // Not stored, so not in `seen` either: the RR rule drops a batch that ends at or before the last beat it
      // took. Nor does it move `lastAt`: a vitals reading stamped before the last RR batch is not "late".
      return this.evaluator.apply(event, at);
    }
    // Same id = the same event, whatever time it claims (DESIGN: stored once, never fires twice).
    if (this.seen.has(event.id)) return [];
    this.seen.add(event.id);
    if (at < this.lastAt && at >= this.prunedBefore) {
      // Insert after every event with the same or an earlier time: ties keep arrival order.
      let i = this.times.length;
      while (i > 0 && this.times[i - 1] > at) i--;
      this.events.splice(i, 0, event);
      this.times.splice(i, 0, at);
      return this.replay();
    }
    this.events.push(event);
    this.times.push(at);
    if (at > this.lastAt) this.lastAt = at;
    if (++this.sincePrune >= 512) this.prune();
    return this.evaluator.apply(event, at);
  }

  tick(now: number): EngineTransition[] {
    const ev = this.evaluator;
    if (ev.dueAt > now) {
      // Nothing due: only note the time (a late-event replay re-ticks up to it).
      if (now > ev.clock) ev.clock = now;
      return [];
    }
    return ev.tick(now);
  }

  refreshThresholds(): void {
    this.evaluator.refreshThresholds();
  }

  openAlerts(): Alert[] {
    return this.evaluator.book.openAlerts();
  }

  private fresh(): PatientEvaluator {
    return new PatientEvaluator(this.patientId, this.makeRules(), this.resolveThresholds);
  }

  /**
   * Re-evaluates the stored history in effective-time order and emits what changed. Alerts whose
   * origin is no longer in the history (opened before the pruned horizon, or raised by a rule fed by
   * the unstored RR stream) are carried over with their rule instances and the frozen baseline.
   */
  private replay(): EngineTransition[] {
    const old = this.evaluator;
    const before = old.book.all;
    // The time this patient was last ticked to, including engine ticks skipped since it was created.
    const skipped = this.skippedTick.serial > this.bornAtSerial ? this.skippedTick.at : Number.NEGATIVE_INFINITY;
    const lastTick = Math.max(old.lastTick, old.clock, skipped);
    const carried = new Map(old.rules.filter((r) => r.carriedAcrossReplay).map((r) => [r.id, r]));
    const next = new PatientEvaluator(
      this.patientId,
      this.makeRules().map((r) => carried.get(r.id) ?? r),
      this.resolveThresholds,
    );
    for (const t of old.book.openTracked()) if (carried.has(t.alert.rule as Rule['id']) || toMs(t.alert.openedAt) < this.prunedBefore) next.book.adopt(t);
    const firstDose = old.ctx.firstDose;
    if (firstDose !== null && firstDose < this.prunedBefore + 24 * HOUR) next.ctx.carryBaseline(old.ctx);
    for (let i = 0; i < this.events.length; i++) next.apply(this.events[i], this.times[i]);
    if (lastTick > this.lastAt) next.tick(lastTick);
    this.evaluator = next;
    return diffAlerts(before, next.book.all, toIso(Math.max(this.lastAt, lastTick)));
  }

  private prune(): void {
    this.sincePrune = 0;
    const cutoff = this.lastAt - this.horizonMs;
    const events: ClinicalEvent[] = [];
    const times: number[] = [];
    for (let i = 0; i < this.events.length; i++) {
      const e = this.events[i];
      const keep = HIGH_VOLUME.has(e.type) ? this.times[i] >= cutoff : this.times[i] >= this.lastAt - STAY_MS || e.type === 'admit' || e.type === 'thresholds';
      if (keep) {
        events.push(e);
        times.push(this.times[i]);
      } else this.seen.delete(e.id);
    }
    if (events.length < this.events.length) this.prunedBefore = Math.max(this.prunedBefore, cutoff);
    this.events = events;
    this.times = times;
    this.evaluator.book.prune(cutoff);
  }
}

/** Transitions that turn the alert projection `before` into `after` (used after a late-event replay). */
export function diffAlerts(before: Map<string, Alert>, after: Map<string, Alert>, now: string): EngineTransition[] {
  const out: EngineTransition[] = [];
  for (const [id, a] of after) {
    const old = before.get(id);
    if (!old) {
      out.push({ type: 'raised', at: a.openedAt, alert: { ...a, state: 'active', resolvedAt: null } });
      if (a.state !== 'active') out.push({ type: a.state === 'resolved' ? 'resolved' : 'acknowledged', at: a.updatedAt, alert: a });
      continue;
    }
    if (old.state === a.state && old.severity === a.severity && old.escalationLevel === a.escalationLevel && old.acknowledgedBy === a.acknowledgedBy) continue;
    let type: TransitionType = 'updated';
    if (a.state === 'resolved' && old.state !== 'resolved') type = 'resolved';
    else if (a.state === 'acknowledged' && old.state !== 'acknowledged') type = 'acknowledged';
    else if (a.escalationLevel > old.escalationLevel && a.severity === old.severity) type = 'escalated';
    out.push({ type, at: a.updatedAt, alert: a });
  }
  for (const [id, old] of before) {
    if (after.has(id) || old.state === 'resolved') continue;
    // Late data removed the condition that raised it: withdraw it.
    out.push({ type: 'resolved', at: now, alert: { ...old, state: 'resolved', resolvedAt: now, updatedAt: now, message: `Resolved: withdrawn after re-evaluation with late data (${old.message})` } });
  }
  return out;
}

/** Vitals and rhythm labels are kept this long for late-event replay (longest vitals window: fever's 4 h). */
export const DEFAULT_HISTORY_HOURS = 6;
