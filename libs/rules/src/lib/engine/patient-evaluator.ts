import type { ClinicalEvent, ClinicalEventType, EngineTransition, Evidence } from '@vigil/contracts';
import type { ThresholdKey, ThresholdSet, ThresholdValues } from '../threshold-set';
import { sanitizeOverrides } from '../threshold-set';
import type { ThresholdsEvent } from './thresholds-event';
import { AlertBook, type EpisodeAlias } from './alert-book';
import { PatientContext } from './patient-context';
import type { Rule, RuleSignal } from './rule';

export interface ThresholdLayer {
  values: Partial<ThresholdValues>;
  changes: number;
  /** Per key, the `thresholds` event that set it (who, when, why), recorded as evidence on alerts. */
  sources: Partial<Record<ThresholdKey, Evidence>>;
}

export interface ResolvedThresholds {
  set: ThresholdSet;
  sources: Partial<Record<ThresholdKey, Evidence>>;
}

/** The result of an event that changed nothing (frozen: callers only read results). */
const NO_TRANSITIONS: EngineTransition[] = Object.freeze([]) as unknown as EngineTransition[];

/** Resolves the set in force for a patient: engine defaults ← ward ← patient. */
export type ThresholdResolver = (wardId: string | null, patient: ThresholdLayer) => ResolvedThresholds;

/** Applies a `thresholds` event to a layer: known keys only, each remembered with its provenance. */
export function applyThresholdsEvent(layer: ThresholdLayer, event: ThresholdsEvent): void {
  const values = sanitizeOverrides(event.values);
  Object.assign(layer.values, values);
  layer.changes++;
  for (const k of Object.keys(values) as ThresholdKey[])
    layer.sources[k] = { eventId: event.id, time: event.time, field: `threshold:${k}`, value: `${values[k]} set by ${event.by}: ${event.reason}` };
}

/**
 * All mutable rule state of one patient, fed in effective-time order. Disposable: a late event makes
 * PatientEngine build a fresh evaluator and replay the history through it.
 */
export class PatientEvaluator {
  readonly book: AlertBook;
  readonly ctx: PatientContext;
  /** True while PatientEngine re-feeds stored history: rules judged on arrival have already seen it. */
  replaying = false;
  private readonly byType = new Map<ClinicalEventType, Rule[]>();
  private readonly tickers: Rule[];
  private lastTickAt = Number.NEGATIVE_INFINITY;
  private readonly patientLayer: ThresholdLayer = { values: {}, changes: 0, sources: {} };
  discharged = false;

  constructor(
    patientId: string,
    readonly rules: Rule[],
    private readonly resolveThresholds: ThresholdResolver,
    aliases?: Map<string, EpisodeAlias>,
  ) {
    // (rules may include instances carried over from a previous state; see PatientEngine.replay)
    this.book = new AlertBook(aliases);
    const resolved = resolveThresholds(null, this.patientLayer);
    this.ctx = new PatientContext(patientId, resolved.set, this.book);
    this.ctx.thresholdSources = resolved.sources;
    for (const r of rules) for (const t of r.inputs) this.byType.set(t, [...(this.byType.get(t) ?? []), r]);
    this.tickers = rules.filter((r) => r.onTick);
  }

  refreshThresholds(): void {
    const resolved = this.resolveThresholds(this.ctx.wardId, this.patientLayer);
    this.ctx.thresholds = resolved.set;
    this.ctx.thresholdSources = resolved.sources;
    // Escalation and snooze times are thresholds: the due time moves with them.
    this.refreshDue();
  }

  /** @param arrival the engine time it arrived at, for rules judged on arrival (default: this patient's clock). */
  apply(event: ClinicalEvent, at: number, arrival?: number): EngineTransition[] {
    const out = this.buffer;
    this.applyEvent(event, at, out, arrival);
    this.refreshDue();
    // Most events change nothing: they return one shared empty array instead of a new one each.
    if (out.length === 0) return NO_TRANSITIONS;
    const result = out.slice();
    out.length = 0;
    return result;
  }

  /** Collects one event's transitions (reused: apply is not re-entrant). */
  private readonly buffer: EngineTransition[] = [];

  private applyEvent(event: ClinicalEvent, at: number, out: EngineTransition[], arrival?: number): void {
    // Timers due before this event fire first, stamped with their due time, so output does not depend on tick cadence.
    if (this.dueAt <= at) out.push(...this.tick(at));
    if (at > this.clock) this.clock = at;
    this.ctx.observe(event, at);
    switch (event.type) {
      case 'acknowledge': {
        const acked = this.book.acknowledge(event, at, this.ctx);
        out.push(...acked);
        const rule = acked.length ? this.rules.find((r) => r.id === acked[0].alert.rule) : undefined;
        const feedback = rule?.onAcknowledge?.(event, at, this.ctx);
        if (rule && feedback) this.emit(rule, feedback, out);
        return;
      }
      case 'thresholds':
        applyThresholdsEvent(this.patientLayer, event);
        this.refreshThresholds();
        return;
      case 'admit':
      case 'transfer':
        this.discharged = false;
        this.refreshThresholds();
        break;
      case 'discharge':
        this.discharged = true;
        out.push(...this.book.closeAll(at, 'patient discharged', this.ctx));
        return;
      default:
        break;
    }
    const rules = this.byType.get(event.type);
    if (rules)
      for (const rule of rules) {
        // Judged on arrival: the time is when the engine got the event, and a re-fed one is not news.
        if (rule.judgedOnArrival && this.replaying) continue;
        const output = rule.onEvent(event, rule.judgedOnArrival ? Math.max(arrival ?? this.clock, this.clock) : at, this.ctx);
        if (output) this.emit(rule, output, out);
      }
    // An input that ends a recovery: a re-notification the snooze deferred is due now.
    const renotified = this.book.renotifyDeferred(at, this.ctx, this.rules);
    if (renotified.length) out.push(...renotified);
  }

  /**
   * Takes these rules' instances and alerts from another evaluator of the same patient (a lab-series
   * replay, see PatientEngine), in place of its own: it goes on from their state.
   */
  takeRules(from: PatientEvaluator, ids: ReadonlySet<string>): void {
    const by = new Map(from.rules.filter((r) => ids.has(r.id)).map((r) => [r.id as string, r]));
    const swap = (r: Rule) => by.get(r.id) ?? r;
    for (let i = 0; i < this.rules.length; i++) this.rules[i] = swap(this.rules[i]);
    for (const [type, list] of this.byType) this.byType.set(type, list.map(swap));
    for (let i = 0; i < this.tickers.length; i++) this.tickers[i] = swap(this.tickers[i]);
    this.book.takeRules(from.book, ids);
    // What OLIGURIA told the dose gate (its shift, mL/kg and KDIGO band) goes with its state.
    if (ids.has('oliguria')) this.ctx.oliguriaGateBand = from.ctx.oliguriaGateBand;
    this.refreshDue();
  }

  /** A late event reaches the rules judged on arrival (after the history was rebuilt without them), at `now`. */
  arrive(event: ClinicalEvent, now: number): EngineTransition[] {
    const out: EngineTransition[] = [];
    if (now > this.clock) this.clock = now;
    for (const rule of this.byType.get(event.type) ?? []) {
      if (!rule.judgedOnArrival) continue;
      const output = rule.onEvent(event, now, this.ctx);
      if (output) this.emit(rule, output, out);
    }
    this.refreshDue();
    return out;
  }

  /**
   * Runs every timer due up to `now` in due-time order (rule timers and the lifecycle's escalation and
   * re-notification interleave), so one coarse tick gives the same transitions as many fine ones.
   */
  tick(now: number): EngineTransition[] {
    if (now > this.clock) this.clock = now;
    if (now <= this.lastTickAt || this.discharged) return [];
    const out: EngineTransition[] = [];
    for (let guard = 0; guard < 1000; guard++) {
      const due = this.nextDue();
      if (due === null || due > now || due <= this.lastTickAt) break;
      this.runTimers(due, out);
    }
    this.runTimers(now, out);
    this.refreshDue();
    return out;
  }

  /**
   * The patient's earliest pending timer (Infinity if none), refreshed after every event and tick, so
   * the multi-patient tick skips patients with nothing due in one comparison each.
   */
  dueAt = Number.POSITIVE_INFINITY;
  /** Latest time this patient has seen (events or ticks), even when a tick was skipped. */
  clock = Number.NEGATIVE_INFINITY;

  refreshDue(): void {
    this.dueAt = this.discharged ? Number.POSITIVE_INFINITY : (this.nextDue() ?? Number.POSITIVE_INFINITY);
  }

  private nextDue(): number | null {
    let best = this.book.nextDue(this.ctx, this.rules);
    for (const r of this.tickers) {
      const d = r.nextDue?.(this.ctx) ?? null;
      if (d !== null && (best === null || d < best)) best = d;
    }
    return best;
  }

  private runTimers(at: number, out: EngineTransition[]): void {
    this.lastTickAt = at;
    for (const rule of this.tickers) {
      const output = rule.onTick?.(at, this.ctx);
      if (output) this.emit(rule, output, out);
    }
    out.push(...this.book.tick(at, this.ctx, this.rules));
  }

  private emit(rule: Rule, output: RuleSignal | RuleSignal[], out: EngineTransition[]): void {
    if (Array.isArray(output)) for (const s of output) out.push(...this.book.apply(rule, s, this.ctx));
    else out.push(...this.book.apply(rule, output, this.ctx));
  }

  get lastTick(): number {
    return this.lastTickAt;
  }
}
