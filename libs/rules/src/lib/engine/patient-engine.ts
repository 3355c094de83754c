import type { Alert, ClinicalEvent, EngineTransition, TransitionType } from '@vigil/contracts';
import { HOUR, toIso, toMs } from '../time';
import type { Rule } from './rule';
import { PatientEvaluator, type ThresholdResolver } from './patient-evaluator';

/** Low-volume event types kept for the whole stay: they carry baselines, doses, labs and settings. */
const KEEP_FOREVER = new Set<ClinicalEvent['type']>(['admit', 'transfer', 'discharge', 'thresholds', 'dose', 'weight', 'lab']);

/**
 * One patient: duplicate suppression, a history window for late events, and the evaluator.
 * An event older than the last one processed is inserted at its effective time and the history is
 * replayed through a fresh evaluator; the difference between the alerts before and after is emitted.
 */
export class PatientEngine {
  // The history window as parallel arrays (events and their parsed times): no wrapper per event.
  private events: ClinicalEvent[] = [];
  private times: number[] = [];
  private readonly seen = new Set<string>();
  private lastAt = Number.NEGATIVE_INFINITY;
  private evaluator: PatientEvaluator;
  private sincePrune = 0;

  constructor(
    readonly patientId: string,
    private readonly makeRules: () => Rule[],
    private readonly resolveThresholds: ThresholdResolver,
    private readonly horizonMs: number,
  ) {
    this.evaluator = this.fresh();
  }

  get state(): PatientEvaluator {
    return this.evaluator;
  }

  process(event: ClinicalEvent): EngineTransition[] {
    if (this.seen.has(event.id)) return [];
    this.seen.add(event.id);
    const at = toMs(event.time);
    if (at < this.lastAt && at >= this.lastAt - this.horizonMs) {
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

  /** Re-evaluates the stored history in effective-time order and emits what changed. */
  private replay(): EngineTransition[] {
    const before = this.evaluator.book.all;
    const lastTick = Math.max(this.evaluator.lastTick, this.evaluator.clock);
    const next = this.fresh();
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
      if (this.times[i] >= cutoff || KEEP_FOREVER.has(e.type)) {
        events.push(e);
        times.push(this.times[i]);
      } else this.seen.delete(e.id);
    }
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

export const DEFAULT_HISTORY_HOURS = 24;
export const DEFAULT_HISTORY_MS = DEFAULT_HISTORY_HOURS * HOUR;
