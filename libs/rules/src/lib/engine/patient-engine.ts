import type { Alert, ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { HOUR, MIN, toIso } from '../time';
import type { Rule } from './rule';
import type { EpisodeAlias } from './alert-book';
import { PatientEvaluator, type ThresholdResolver } from './patient-evaluator';
import { correctionKey, effectiveMs, sameContent } from './event-identity';
import { forgetUnusedContinuations, isClosed, matchEpisodes, reconcile, reviseClosed } from './episode-reconciler';
import { EventHistory } from './event-history';
import { cloneState } from './state-clone';

/** High-volume types kept only within the replay horizon; everything else is kept for the stay (≤8 days). */
const HIGH_VOLUME = new Set<ClinicalEvent['type']>(['vitals', 'rhythm']);
const STAY_MS = 8 * 24 * HOUR;
/** Effective time between checkpoints: a late event replays at most this much more than it must. */
const CHECKPOINT_MS = 30 * MIN;
/**
 * The rules that read lab results, re-evaluated for a result older than the history horizon (a
 * specimen resulted 7–24 h after collection) up to LAB_HORIZON_MS back: CREATININE and sIL-2R (lab
 * results alone), IL-2 PK (troughs, doses and the renal alerts) and OLIGURIA (urine, creatinine and the
 * CREATININE alert). Everything they read is kept for the stay (labs, urine, doses, weights, admission,
 * thresholds, acknowledgements) and none reads vitals, so the series can be replayed without keeping
 * the vitals longer; the other rules read none of their alerts except the dose gate, which sees them
 * from its next checkpoint on (docs/DECISIONS.md).
 */
const LAB_SERIES = new Set<string>(['creatinine', 'sil2r_rising', 'il2_rising', 'oliguria']);
/** How far back a lab result still re-evaluates the lab series: KDIGO's 48-h creatinine window. */
export const LAB_HORIZON_MS = 48 * HOUR;

/**
 * The evaluator as it stood before the first event at `at` was applied (every earlier event applied,
 * in effective-time order): where the replay for a late event at or after `at` starts.
 */
interface Checkpoint {
  at: number;
  state: PatientEvaluator;
}

/**
 * One patient: duplicate suppression, a history window for late and corrected events, and the
 * evaluator. An event older than the last one processed, or one that corrects a stored event (same id
 * with new content; urine for the same period and site; a lab for the same specimen), is put at its
 * effective time and the history is replayed from the latest checkpoint before it (a copy of the
 * evaluator taken every 30 min of effective time); only the net change against what was already
 * published is emitted (one episode, one alert id, whatever the arrival order). Replaying from a
 * checkpoint instead of from the start of the kept history matters: rules then carry on exactly the
 * state they had in effective-time order (a recheck pair, a sustain run, an open episode whose onset is
 * older than the kept vitals), so a rebuild never re-derives old episodes from a history cut in the
 * middle of them.
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
   * Bounded like `published`: an entry goes when its record leaves the horizon (prune), unless
   * `keepSettled` (offline analyses read every revision at the end of a run).
   */
  readonly revisedClosed = new Map<string, Alert | null>();
  /** Published closed id → the continuation id its episode goes on under (late data extended it). */
  private readonly continued = new Map<string, string>();
  /** In time order; the first is at or before the history horizon (see prune). */
  private readonly checkpoints: Checkpoint[] = [];

  constructor(
    readonly patientId: string,
    private readonly makeRules: () => Rule[],
    private readonly resolveThresholds: ThresholdResolver,
    private readonly horizonMs: number,
    /** The engine's latest tick that skipped every patient (nothing due), with its serial. */
    private readonly skippedTick: { readonly at: number; readonly serial: number } = { at: Number.NEGATIVE_INFINITY, serial: 0 },
    /** Keep revisedClosed entries of records past the horizon (see RulesEngineOptions.keepSettledRevisions). */
    private readonly keepSettled = false,
  ) {
    this.history = new EventHistory(patientId);
    this.evaluator = this.fresh();
    this.checkpoints.push({ at: Number.NEGATIVE_INFINITY, state: this.copy(this.evaluator) });
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
    if (late && (at >= this.prunedBefore || (event.type === 'lab' && at >= this.lastAt - LAB_HORIZON_MS))) {
      history.insert(event, at);
      return this.rebuild(event, at);
    }
    if (at > this.lastAt || (at === this.lastAt && event.id > this.lastId)) this.lastId = event.id;
    // Older than the horizon: applied as it comes (those windows can no longer be re-evaluated), kept in order.
    if (late) history.insert(event, at);
    else history.push(event, at);
    // Arrival (for DATA_GAP): this patient's time, counting engine ticks that skipped it.
    const arrival = Math.max(at, this.lastAt, this.lastTickTime());
    if (at > this.lastAt) {
      if (at >= this.checkpoints[this.checkpoints.length - 1].at + CHECKPOINT_MS) this.checkpoints.push({ at, state: this.copy(this.evaluator) });
      this.lastAt = at;
    }
    if (++this.sincePrune >= 512 || this.checkpoints.length > MAX_CHECKPOINTS) this.prune();
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
   * Re-evaluates the stored history in effective-time order from the latest checkpoint at or before a
   * late or corrected event, and publishes only the net change against what was already published (see
   * episode-reconciler). Rules carried across rebuilds (RR-fed, or judged on arrival) keep their
   * current instances and open alerts. An event older than every checkpoint (older than the horizon)
   * is stored but not re-evaluated.
   */
  private rebuild(trigger: ClinicalEvent, at: number): EngineTransition[] {
    const old = this.evaluator;
    // The time this patient was last ticked to, including engine ticks skipped since it was created.
    const lastTick = this.lastTickTime();
    // When the data arrived: the engine's time for this patient (the trigger itself if it is the newest).
    const arrival = Math.max(this.lastAt, lastTick, at);
    if (at > this.lastAt || (at === this.lastAt && trigger.id > this.lastId)) this.lastId = trigger.id;
    if (at > this.lastAt) this.lastAt = at;
    let from = this.checkpoints.length - 1;
    while (from >= 0 && this.checkpoints[from].at > at) from--;
    if (from < 0) return trigger.type === 'lab' && at >= this.lastAt - LAB_HORIZON_MS ? this.rebuildLabSeries(trigger, at, arrival) : [];
    let next = this.replayFrom(from, old, lastTick);
    // Onsets moved: run again under the published ids, so acknowledgements recorded under them apply.
    for (let pass = 0; pass < 3 && matchEpisodes(next.book, this.published, this.aliases, this.patientId, this.continued); pass++) next = this.replayFrom(from, old, lastTick);
    forgetUnusedContinuations(next.book, this.published, this.continued);
    this.evaluator = next;
    const out = reconcile(next.book, this.published, toIso(arrival), toIso(Math.min(at, arrival)));
    const arrived = next.arrive(trigger, arrival);
    const published = this.publish(arrived.length > 0 ? [...out, ...arrived] : out);
    reviseClosed(next.book, this.published, this.continued, this.revisedClosed, new Set(next.rules.filter((r) => r.carriedAcrossReplay || r.judgedOnArrival).map((r) => r.id)));
    return published;
  }

  /**
   * A lab result (or its correction) older than every checkpoint but within LAB_HORIZON_MS: the lab
   * series rules are replayed alone over the kept history (labs, doses, admission and thresholds are
   * kept for the stay; the vitals they do not read are not), then the current evaluator and every
   * checkpoint take those rules' state as of their own time, so later rebuilds keep the result. Only
   * the net change is published, stamped as late (effectiveAt = when it happened, recordedAt = arrival).
   */
  private rebuildLabSeries(trigger: ClinicalEvent, at: number, arrival: number): EngineTransition[] {
    let replay = this.replayLabSeries();
    for (let pass = 0; pass < 3 && matchEpisodes(replay.final.book, this.published, this.aliases, this.patientId, this.continued); pass++) replay = this.replayLabSeries();
    forgetUnusedContinuations(replay.final.book, this.published, this.continued);
    for (let i = 0; i < this.checkpoints.length; i++) {
      const state = this.checkpoints[i].state;
      state.takeRules(replay.atCheckpoint[i], LAB_SERIES);
      state.ctx.observe(trigger, at);
    }
    const ev = this.evaluator;
    ev.takeRules(replay.final, LAB_SERIES);
    ev.ctx.observe(trigger, at);
    const published = this.publish(reconcile(ev.book, this.published, toIso(arrival), toIso(at)));
    reviseClosed(ev.book, this.published, this.continued, this.revisedClosed, new Set(ev.rules.filter(PatientEngine.carried).map((r) => r.id)));
    return published;
  }

  /** Closed alerts of the lab series are kept (published, in every book) until older than this. */
  private labSeriesKept(): { rules: ReadonlySet<string>; before: number } {
    return { rules: LAB_SERIES, before: this.lastAt - LAB_HORIZON_MS };
  }

  /**
   * The lab series rules alone over the kept history: their state at each checkpoint, and at the end,
   * without the closed alerts older than the lab horizon (as pruned: they are on record, never re-raised).
   */
  private replayLabSeries(): { atCheckpoint: PatientEvaluator[]; final: PatientEvaluator } {
    const aux = new PatientEvaluator(this.patientId, this.makeRules().filter((r) => LAB_SERIES.has(r.id)), this.resolveThresholds, this.aliases);
    aux.replaying = true;
    const copy = () => cloneState(aux, new Map<unknown, unknown>([[this.aliases, this.aliases]]));
    const atCheckpoint: PatientEvaluator[] = [];
    this.history.forEachFrom(Number.NEGATIVE_INFINITY, (e, t) => {
      // The lab series as they stood before the first event at each checkpoint's time.
      while (atCheckpoint.length < this.checkpoints.length && this.checkpoints[atCheckpoint.length].at <= t) atCheckpoint.push(copy());
      if (!HIGH_VOLUME.has(e.type)) aux.apply(e, t);
    });
    while (atCheckpoint.length < this.checkpoints.length) atCheckpoint.push(copy());
    aux.tick(this.lastTickTime());
    aux.replaying = false;
    const kept = this.labSeriesKept();
    for (const ev of [...atCheckpoint, aux]) ev.book.prune(kept.before, kept);
    return { atCheckpoint, final: aux };
  }

  /** Rules whose instances (and open alerts) are carried across rebuilds instead of replayed. */
  private static carried(r: Rule): boolean {
    return r.carriedAcrossReplay === true || r.judgedOnArrival === true;
  }

  /**
   * A checkpoint of `ev`: a deep copy sharing the carried rule instances, the engine's aliases and the
   * threshold set in force (resolved sets are never changed in place, only replaced: a ward's patients
   * already share one), so a checkpoint holds only what the rules change.
   */
  private copy(ev: PatientEvaluator): PatientEvaluator {
    const swap = new Map<unknown, unknown>([
      [this.aliases, this.aliases],
      [ev.ctx.thresholds, ev.ctx.thresholds],
      [ev.ctx.thresholdSources, ev.ctx.thresholdSources],
    ]);
    for (const r of ev.rules) if (PatientEngine.carried(r)) swap.set(r, r);
    return cloneState(ev, swap);
  }

  /**
   * Replays the history from checkpoint `from` (dropping the later ones and taking them again on the
   * way), with the carried rules' current instances and open alerts from `old`.
   */
  private replayFrom(from: number, old: PatientEvaluator, lastTick: number): PatientEvaluator {
    const cp = this.checkpoints[from];
    const current = new Map(old.rules.filter(PatientEngine.carried).map((r) => [r.id as string, r]));
    const swap = new Map<unknown, unknown>([[this.aliases, this.aliases]]);
    for (const r of cp.state.rules) {
      const c = current.get(r.id);
      if (c) swap.set(r, c);
    }
    const next = cloneState(cp.state, swap);
    next.book.forgetRules(new Set(current.keys()));
    next.book.realias();
    for (const t of old.book.openTracked()) if (current.has(t.alert.rule)) next.book.adopt(t);
    next.refreshThresholds();
    this.checkpoints.length = from + 1;
    next.replaying = true;
    let taken = cp.at;
    let prev = cp.at;
    this.history.forEachFrom(cp.at, (e, at) => {
      if (at > prev && at >= taken + CHECKPOINT_MS) {
        this.checkpoints.push({ at, state: this.copy(next) });
        taken = at;
      }
      prev = at;
      next.apply(e, at);
    });
    if (lastTick > this.lastAt) next.tick(lastTick);
    next.replaying = false;
    return next;
  }

  private prune(): void {
    this.sincePrune = 0;
    // Keep the newest checkpoint at or before the horizon and every later one; replays start no earlier.
    const horizon = this.lastAt - this.horizonMs;
    let keep = 0;
    while (keep + 1 < this.checkpoints.length && this.checkpoints[keep + 1].at <= horizon) keep++;
    if (keep > 0) this.checkpoints.splice(0, keep);
    const cutoff = this.checkpoints[0].at;
    if (cutoff === Number.NEGATIVE_INFINITY) return;
    const stay = this.lastAt - STAY_MS;
    this.history.retain((type, at) => (HIGH_VOLUME.has(type) ? at >= cutoff : at >= stay || type === 'admit' || type === 'thresholds'));
    this.prunedBefore = Math.max(this.prunedBefore, cutoff);
    // The lab series' closed alerts stay as long as a lab can still re-evaluate them (LAB_HORIZON_MS).
    const longer = this.labSeriesKept();
    this.evaluator.book.prune(cutoff, longer);
    for (const cp of this.checkpoints) cp.state.book.prune(cutoff, longer);
    // A record is settled by the earlier of its published close and its effective-time close (late data
    // can end it earlier, e.g. a dose charted after its gate expired): the books above forget it by the
    // latter, and a record kept here without its book entry would read as no episode at all.
    const closedAt = (id: string, a: { resolvedAt: string | null }) => {
      const r = this.revisedClosed.get(id);
      const t = Date.parse(a.resolvedAt as string);
      return r && r.resolvedAt !== null ? Math.min(t, Date.parse(r.resolvedAt)) : t;
    };
    for (const [id, a] of this.published) if (a.resolvedAt !== null && closedAt(id, a) < (LAB_SERIES.has(a.rule) ? Math.min(cutoff, longer.before) : cutoff)) this.published.delete(id);
    for (const [derived, alias] of this.aliases) if (!this.published.has(alias.id)) this.aliases.delete(derived);
    for (const id of this.continued.keys()) if (!this.published.has(id)) this.continued.delete(id);
    // Past the horizon nothing re-evaluates a record, so its revision is final: kept only on request.
    if (!this.keepSettled) for (const id of this.revisedClosed.keys()) if (!this.published.has(id)) this.revisedClosed.delete(id);
  }
}

/** Checkpoints held before prune runs anyway (a sparse patient reaches 512 events slowly). */
const MAX_CHECKPOINTS = 24;

/** Vitals and rhythm labels are kept this long for late-event replay (longest vitals window: fever's 4 h). */
export const DEFAULT_HISTORY_HOURS = 6;
