import type { Alert, ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { HOUR, toIso, toMs } from '../time';
import type { Rule } from './rule';
import type { EpisodeAlias } from './alert-book';
import { PatientEvaluator, type ThresholdResolver } from './patient-evaluator';
import { correctionKey, effectiveMs, sameContent } from './event-identity';
import { isClosed, matchEpisodes, reconcile, reviseClosed } from './episode-reconciler';
import { EventHistory } from './event-history';

/** High-volume types kept only within the replay horizon; everything else is kept for the stay (≤8 days). */
const HIGH_VOLUME = new Set<ClinicalEvent['type']>(['vitals', 'rhythm']);
const STAY_MS = 8 * 24 * HOUR;

/**
 * One patient: duplicate suppression, a history window for late and corrected events, and the
 * evaluator. An event older than the last one processed, or one that corrects a stored event (same id
 * with new content; urine for the same period and site; a lab for the same specimen), is put at its
 * effective time and the history is replayed through a fresh evaluator; only the net change against
 * what was already published is emitted (one episode, one alert id, whatever the arrival order).
 */
export class PatientEngine {
  /** The history window in effective-time order, vitals as typed columns (event-history). */
  private readonly history: EventHistory;
  /** Ids of events a correction replaced (a resend of one is still a duplicate). */
  private readonly replacedIds = new Set<string>();
  private lastAt = Number.NEGATIVE_INFINITY;
  /** The greatest id among the events at `lastAt`. */
  private lastId = '';
  private evaluator: PatientEvaluator;
  private sincePrune = 0;
  /** History before this time is incomplete (pruned): replays carry over what was open then. */
  private prunedBefore = Number.NEGATIVE_INFINITY;
  /** The last published state of each alert id: what a rebuild is reconciled against. */
  private readonly published = new Map<string, Alert>();
  /** Derived id → published identity of episodes whose onset moved (see episode-reconciler). */
  private readonly aliases = new Map<string, EpisodeAlias>();
  /**
   * Alerts already closed downstream that late data showed differently (id → the effective-time
   * alert, null if it was no episode at all): the record cannot change (nothing follows `resolved`).
   */
  readonly revisedClosed = new Map<string, Alert | null>();
  /** Published closed id → the continuation id its episode goes on under (late data extended it). */
  private readonly continued = new Map<string, string>();

  constructor(
    readonly patientId: string,
    private readonly makeRules: () => Rule[],
    private readonly resolveThresholds: ThresholdResolver,
    private readonly horizonMs: number,
    /** The engine's latest tick that skipped every patient (nothing due), with its serial. */
    private readonly skippedTick: { readonly at: number; readonly serial: number } = { at: Number.NEGATIVE_INFINITY, serial: 0 },
  ) {
    this.history = new EventHistory(patientId);
    this.evaluator = this.fresh();
    this.bornAtSerial = skippedTick.serial;
  }

  /** Skipped ticks up to this serial happened before this patient existed. */
  private readonly bornAtSerial: number;

  get state(): PatientEvaluator {
    return this.evaluator;
  }

  process(event: ClinicalEvent): EngineTransition[] {
    const at = effectiveMs(event);
    if (event.type === 'rr') {
      // Never stored for replay: the RR stream is consumed in arrival order by rules carried across replays.
      // Not stored, so not in `seen` either: the RR rule drops a batch that ends at or before the last beat it
      // took. Nor does it move `lastAt`: a vitals reading stamped before the last RR batch is not "late".
      return this.publish(this.evaluator.apply(event, at));
    }
    // Same id: the same event (stored once, never fires twice) unless its content changed: a correction.
    const history = this.history;
    if (history.has(event.id) || this.replacedIds.has(event.id)) {
      const i = history.indexOfId(event.id);
      // Same id at another time: a resend, whatever time it claims (DESIGN: stored once, never fires twice).
      if (i < 0 || history.timeAt(i) !== at || sameContent(history.eventAt(i), event)) return [];
      history.remove(i);
      history.insert(event, at);
      return this.rebuild(event, at);
    }
    const key = correctionKey(event);
    if (key !== null) {
      // Urine for the same period and site, a lab for the same specimen: replaces the earlier record.
      const i = history.findObjectIndex((e) => e.type === event.type && correctionKey(e) === key);
      if (i >= 0) {
        this.replacedIds.add(history.idAt(i));
        history.remove(i);
        history.insert(event, at);
        return this.rebuild(event, at);
      }
    }
    // Late: older than the newest, or at the same instant but ordered before it (same-time events are
    // evaluated in id order, so the result does not depend on which of them came first).
    // Also late: older than a time the patient's timers last ran at (a sustain, gate or escalation timer
    // already fired past it without this event).
    const late = at < this.lastAt || (at === this.lastAt && event.id < this.lastId) || at < this.evaluator.lastTick;
    if (late && at >= this.prunedBefore) {
      history.insert(event, at);
      return this.rebuild(event, at);
    }
    if (at > this.lastAt || (at === this.lastAt && event.id > this.lastId)) this.lastId = event.id;
    history.push(event, at);
    // Arrival (for DATA_GAP): this patient's time, counting engine ticks that skipped it.
    const arrival = Math.max(at, this.lastAt, this.lastTickTime());
    if (at > this.lastAt) this.lastAt = at;
    if (++this.sincePrune >= 512) this.prune();
    return this.publish(this.evaluator.apply(event, at, arrival));
  }

  /** The patient's engine time: the latest event or tick it has seen, including skipped engine ticks. */
  private lastTickTime(): number {
    const ev = this.evaluator;
    const skipped = this.skippedTick.serial > this.bornAtSerial ? this.skippedTick.at : Number.NEGATIVE_INFINITY;
    return Math.max(ev.lastTick, ev.clock, skipped);
  }

  /**
   * Records what goes downstream (the last published state of every alert id) and holds the lifecycle
   * invariants whatever a rebuild produced: nothing after `resolved`/`cancelled`, one `raised` per id,
   * no escalation to a level already published.
   */
  private publish(out: EngineTransition[]): EngineTransition[] {
    let kept = out;
    for (let i = 0; i < out.length; i++) {
      const t = out[i];
      const p = this.published.get(t.alert.id);
      if (p !== undefined && (isClosed(p) || t.type === 'raised' || (t.type === 'escalated' && t.alert.escalationLevel <= p.escalationLevel))) {
        if (kept === out) kept = out.slice(0, i);
        continue;
      }
      if (kept !== out) kept.push(t);
      this.published.set(t.alert.id, t.alert);
    }
    return kept;
  }

  tick(now: number): EngineTransition[] {
    const ev = this.evaluator;
    if (ev.dueAt > now) {
      // Nothing due: only note the time (a late-event replay re-ticks up to it).
      if (now > ev.clock) ev.clock = now;
      return [];
    }
    return this.publish(ev.tick(now));
  }

  refreshThresholds(): void {
    this.evaluator.refreshThresholds();
  }

  openAlerts(): Alert[] {
    return this.evaluator.book.openAlerts();
  }

  private fresh(): PatientEvaluator {
    return new PatientEvaluator(this.patientId, this.makeRules(), this.resolveThresholds, this.aliases);
  }

  /**
   * Re-evaluates the stored history in effective-time order after a late or corrected event, and
   * publishes only the net change against what was already published (see episode-reconciler).
   * Alerts whose origin is no longer in the history (opened before the pruned horizon, or raised by a
   * rule carried across rebuilds: RR-fed, or judged on arrival) are carried over with their rule
   * instances and the frozen baseline.
   */
  private rebuild(trigger: ClinicalEvent, at: number): EngineTransition[] {
    const old = this.evaluator;
    // The time this patient was last ticked to, including engine ticks skipped since it was created.
    const lastTick = this.lastTickTime();
    // When the data arrived: the engine's time for this patient (the trigger itself if it is the newest).
    const arrival = Math.max(this.lastAt, lastTick, at);
    if (at > this.lastAt || (at === this.lastAt && trigger.id > this.lastId)) this.lastId = trigger.id;
    if (at > this.lastAt) this.lastAt = at;
    let next = this.replayHistory(old, lastTick);
    // Onsets moved: run again under the published ids, so acknowledgements recorded under them apply.
    for (let pass = 0; pass < 3 && matchEpisodes(next.book, this.published, this.aliases, this.patientId, this.continued); pass++) next = this.replayHistory(old, lastTick);
    this.evaluator = next;
    const out = reconcile(next.book, this.published, toIso(arrival));
    const arrived = next.arrive(trigger, arrival);
    const published = this.publish(arrived.length > 0 ? [...out, ...arrived] : out);
    reviseClosed(next.book, this.published, this.continued, this.revisedClosed, new Set(next.rules.filter((r) => r.carriedAcrossReplay || r.judgedOnArrival).map((r) => r.id)));
    return published;
  }

  private replayHistory(old: PatientEvaluator, lastTick: number): PatientEvaluator {
    const carried = new Map(old.rules.filter((r) => r.carriedAcrossReplay || r.judgedOnArrival).map((r) => [r.id, r]));
    const next = new PatientEvaluator(
      this.patientId,
      this.makeRules().map((r) => carried.get(r.id) ?? r),
      this.resolveThresholds,
      this.aliases,
    );
    for (const t of old.book.openTracked()) if (carried.has(t.alert.rule as Rule['id']) || toMs(t.alert.openedAt) < this.prunedBefore) next.book.adopt(t);
    const firstDose = old.ctx.firstDose;
    if (firstDose !== null && firstDose < this.prunedBefore + 24 * HOUR) next.ctx.carryBaseline(old.ctx);
    next.replaying = true;
    this.history.forEach((e, at) => next.apply(e, at));
    if (lastTick > this.lastAt) next.tick(lastTick);
    next.replaying = false;
    return next;
  }

  private prune(): void {
    this.sincePrune = 0;
    const cutoff = this.lastAt - this.horizonMs;
    const stay = this.lastAt - STAY_MS;
    const dropped = this.history.retain((type, at) => (HIGH_VOLUME.has(type) ? at >= cutoff : at >= stay || type === 'admit' || type === 'thresholds'));
    if (dropped > 0) this.prunedBefore = Math.max(this.prunedBefore, cutoff);
    this.evaluator.book.prune(cutoff);
    for (const [id, a] of this.published) if (a.resolvedAt !== null && Date.parse(a.resolvedAt) < cutoff) this.published.delete(id);
    for (const [derived, alias] of this.aliases) if (!this.published.has(alias.id)) this.aliases.delete(derived);
    for (const id of this.revisedClosed.keys()) if (!this.published.has(id)) this.revisedClosed.delete(id);
    for (const id of this.continued.keys()) if (!this.published.has(id)) this.continued.delete(id);
  }
}

/** Vitals and rhythm labels are kept this long for late-event replay (longest vitals window: fever's 4 h). */
export const DEFAULT_HISTORY_HOURS = 6;
