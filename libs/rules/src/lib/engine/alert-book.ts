import { severityRank, type AcknowledgeEvent, type Alert, type AlertRule, type AlertSeverity, type EngineTransition, type Evidence, type TransitionType } from '@vigil/contracts';
import { MIN, toIso } from '../time';
import type { ThresholdValues } from '../threshold-set';
import type { AlertView, PatientContext } from './patient-context';
import type { Rule, RuleSignal } from './rule';

/** The published identity of an episode whose derived id changed (or that continues a closed one). */
export interface EpisodeAlias {
  id: string;
  /** The onset published for a continuation of an already closed episode (its predecessor's resolution). */
  openedAt?: string;
}

export interface Tracked {
  alert: Alert;
  /** When the alert last started demanding attention (raise, worsening, or re-notification after snooze). */
  activeSince: number;
  severitySince: number;
  ackAt: number | null;
  firstAckAt: number | null;
  /** A §10 recheck prompt not yet confirmed by a second qualifying reading. */
  prompt?: boolean;
}

const MAX_TRAIL_EVIDENCE = 12;

/**
 * The §6.0 lifecycle for one patient: active → acknowledged → resolved, escalation of unacknowledged
 * alerts and re-notification after the ack snooze, all on timers driven by event time and tick().
 */
export class AlertBook implements AlertView {
  private readonly open = new Map<AlertRule, Tracked>();
  /** Every alert of this patient, open or closed, by id: the projection a late-data replay is diffed against. */
  readonly all = new Map<string, Alert>();
  /** Ids derived from rule and onset, handed out in this book (kept apart from published ids). */
  private readonly derived = new Map<string, number>();
  private readonly derivedOf = new Map<string, string>();
  private readonly raisedAs = new Map<string, Alert>();

  /**
   * @param aliases owned by the patient's engine across rebuilds: a derived id (patient, rule, onset)
   * → the id and onset under which that episode was already published, so one episode keeps one id
   * when late data move its onset, and acknowledgements still find it after a rebuild.
   */
  constructor(private readonly aliases: Map<string, EpisodeAlias> = new Map()) {}

  isOpen(rule: AlertRule): boolean {
    return this.open.has(rule);
  }

  severity(rule: AlertRule): AlertSeverity | null {
    return this.open.get(rule)?.alert.severity ?? null;
  }

  isPrompt(rule: AlertRule): boolean {
    return this.open.get(rule)?.prompt === true;
  }

  acknowledgedAt(rule: AlertRule): number | null {
    return this.open.get(rule)?.firstAckAt ?? null;
  }

  onsetOf(rule: AlertRule): number | null {
    const tracked = this.open.get(rule);
    if (!tracked) return null;
    const onset = Date.parse(this.effectiveOnset(tracked.alert.id));
    return Number.isNaN(onset) ? null : onset;
  }

  /** The open alerts with their timers, for carrying over into a replayed state. */
  openTracked(): Tracked[] {
    return [...this.open.values()];
  }

  /** Takes over an open alert (and its timers) from a previous state of the same patient. */
  adopt(t: Tracked): void {
    const copy: Tracked = { ...t, alert: snapshot(t.alert) };
    this.open.set(copy.alert.rule as AlertRule, copy);
    this.all.set(copy.alert.id, snapshot(copy.alert));
  }

  /**
   * Gives every alert the identity the aliases now assign to its derived id (or its derived id back when
   * its alias is gone), as if the aliases had been in force when it was raised: a checkpoint taken
   * before late data moved an episode's onset holds the episode under its old identity.
   */
  realias(): void {
    const renames: Array<[string, string, string]> = [];
    for (const id of this.all.keys()) {
      const derived = this.derivedId(id);
      const at = this.derived.get(derived);
      if (at === undefined) continue;
      const alias = this.aliases.get(derived);
      const want = alias ? alias.id : derived;
      if (want === id || (want !== derived && this.all.has(want))) continue;
      renames.push([id, want, want !== derived ? (alias?.openedAt ?? toIso(at)) : toIso(at)]);
    }
    for (const [from, to, openedAt] of renames) {
      if (this.all.has(to)) continue;
      const derived = this.derivedId(from);
      const a = this.all.get(from) as Alert;
      this.all.delete(from);
      this.all.set(to, { ...a, id: to, openedAt });
      const raised = this.raisedAs.get(from);
      this.raisedAs.delete(from);
      if (raised) this.raisedAs.set(to, { ...raised, id: to, openedAt });
      this.derivedOf.delete(from);
      if (to !== derived) this.derivedOf.set(to, derived);
      for (const t of this.open.values())
        if (t.alert.id === from) {
          t.alert.id = to;
          t.alert.openedAt = openedAt;
        }
    }
  }

  /** Forgets every alert of these rules, open or closed (their current state is adopted from elsewhere). */
  forgetRules(rules: ReadonlySet<string>): void {
    for (const rule of this.open.keys()) if (rules.has(rule)) this.open.delete(rule);
    for (const [id, a] of this.all)
      if (rules.has(a.rule)) {
        this.all.delete(id);
        this.raisedAs.delete(id);
        this.derivedOf.delete(id);
      }
  }

  /**
   * Takes every alert of these rules, open or closed, with its identity and timers, from another book
   * (a lab-series replay, see PatientEngine), in place of this book's own alerts of those rules.
   */
  takeRules(from: AlertBook, rules: ReadonlySet<string>): void {
    this.forgetRules(rules);
    for (const rule of rules) for (const key of this.derived.keys()) if (key.includes(`:${rule}:`)) this.derived.delete(key);
    for (const [id, a] of from.all) {
      if (!rules.has(a.rule)) continue;
      this.all.set(id, snapshot(a));
      const raised = from.raisedAs.get(id);
      if (raised) this.raisedAs.set(id, snapshot(raised));
      const derived = from.derivedId(id);
      if (derived !== id) this.derivedOf.set(id, derived);
      const at = from.derived.get(derived);
      if (at !== undefined) this.derived.set(derived, at);
    }
    for (const t of from.open.values()) if (rules.has(t.alert.rule)) this.open.set(t.alert.rule as AlertRule, { ...t, alert: snapshot(t.alert) });
  }

  openAlerts(): Alert[] {
    return [...this.open.values()].map((t) => snapshot(t.alert));
  }

  apply(rule: Rule, signal: RuleSignal, ctx: PatientContext): EngineTransition[] {
    const tracked = this.open.get(rule.id);
    const at = toIso(signal.at);
    if (signal.kind === 'fire') {
      if (!tracked) {
        let derived = `${ctx.patientId}:${rule.id}:${at}`;
        // Two alerts of one rule confirmed at the same instant (resolve and re-raise): keep ids unique.
        for (let n = 2; this.derived.has(derived) || this.all.has(derived); n++) derived = `${ctx.patientId}:${rule.id}:${at}#${n}`;
        this.derived.set(derived, signal.at);
        const alias = this.aliases.get(derived);
        const id = alias && !this.all.has(alias.id) ? alias.id : derived;
        const thresholds: Alert['thresholds'] = { version: ctx.thresholds.version };
        for (const k of rule.thresholdKeys) thresholds[k] = ctx.t[k];
        const alert: Alert = {
          id,
          patientId: ctx.patientId,
          wardId: ctx.wardId,
          bed: ctx.bed,
          rule: rule.id,
          severity: signal.severity,
          state: 'active',
          openedAt: id !== derived ? (alias?.openedAt ?? at) : at,
          updatedAt: at,
          resolvedAt: null,
          acknowledgedAt: null,
          acknowledgedBy: null,
          ackNote: null,
          escalationLevel: 0,
          message: signal.message,
          // What raised it, then the threshold changes in force for this rule (who, when, why).
          evidence: [...signal.evidence.slice(0, evidenceLimit(rule)), ...thresholdProvenance(rule, ctx)],
          thresholds,
        };
        this.open.set(rule.id, { alert, activeSince: signal.at, severitySince: signal.at, ackAt: null, firstAckAt: null, prompt: signal.prompt === true });
        if (id !== derived) this.derivedOf.set(id, derived);
        const raised = this.emit('raised', at, alert, ctx);
        this.raisedAs.set(id, raised.alert);
        return [raised];
      }
      // A second qualifying reading confirms a recheck prompt: the full alert, even at the same band.
      const confirms = tracked.prompt === true && signal.prompt !== true;
      if (confirms) tracked.prompt = false;
      if (!confirms && !signal.restate && severityRank[signal.severity] <= severityRank[tracked.alert.severity]) return [];
      if (signal.restate && severityRank[signal.severity] <= severityRank[tracked.alert.severity]) {
        // A new decision at the same band: restated, without demanding attention again.
        const a = tracked.alert;
        a.message = signal.message;
        a.updatedAt = at;
        a.evidence = [...signal.evidence.slice(0, evidenceLimit(rule)), ...thresholdProvenance(rule, ctx)];
        return [this.emit('updated', at, a, ctx)];
      }
      // A higher band is met: raise severity at once (no new sustain) and demand attention again.
      const a = tracked.alert;
      if (severityRank[signal.severity] > severityRank[a.severity]) a.severity = signal.severity;
      a.message = signal.message;
      a.state = 'active';
      a.updatedAt = at;
      if (signal.restate) a.evidence = [...signal.evidence.slice(0, evidenceLimit(rule)), ...thresholdProvenance(rule, ctx)];
      else addEvidence(a, signal.evidence, evidenceLimit(rule));
      tracked.severitySince = signal.at;
      tracked.activeSince = signal.at;
      tracked.ackAt = null;
      return [this.emit('updated', at, a, ctx)];
    }
    if (!tracked) return [];
    // §10: no alert opens and closes at the same instant (two charts of one time that disagree):
    // it stays open until a later input resolves it.
    // (the episode's own onset: a continuation's published onset is its predecessor's close)
    if (signal.kind === 'resolve' && toIso(signal.at) === this.effectiveOnset(tracked.alert.id)) return [];
    if (signal.kind === 'stepdown') {
      const a = tracked.alert;
      if (severityRank[signal.severity] >= severityRank[a.severity]) return [];
      a.severity = signal.severity;
      a.message = signal.message;
      a.updatedAt = at;
      if (signal.restate) a.evidence = [...signal.evidence.slice(0, evidenceLimit(rule)), ...thresholdProvenance(rule, ctx)];
      else addEvidence(a, signal.evidence, evidenceLimit(rule));
      tracked.severitySince = signal.at;
      return [this.emit('updated', at, a, ctx)];
    }
    const a = tracked.alert;
    a.state = 'resolved';
    a.resolvedAt = at;
    a.updatedAt = at;
    a.message = `Resolved: ${signal.message}`;
    addEvidence(a, signal.evidence, evidenceLimit(rule));
    this.open.delete(rule.id);
    return [this.emit('resolved', at, a, ctx)];
  }

  /** The id derived from rule and onset for an alert of this book (differs when it was aliased). */
  derivedId(alertId: string): string {
    return this.derivedOf.get(alertId) ?? alertId;
  }

  /** When the episode under this id began in effective time (a continuation's alias onset aside). */
  effectiveOnset(alertId: string): string {
    const at = this.derived.get(this.derivedId(alertId));
    return at === undefined ? (this.all.get(alertId)?.openedAt ?? '') : toIso(at);
  }

  /** The alert as it was when raised (its raise message), for reporting an episode found late. */
  raisedSnapshot(alertId: string): Alert | undefined {
    return this.raisedAs.get(alertId);
  }

  /** Closes every open alert (discharge): nobody is left to respond to them. */
  closeAll(at: number, why: string, ctx: PatientContext): EngineTransition[] {
    const out: EngineTransition[] = [];
    const iso = toIso(at);
    for (const [rule, tracked] of this.open) {
      const a = tracked.alert;
      a.state = 'resolved';
      a.resolvedAt = iso;
      a.updatedAt = iso;
      a.message = `Resolved: ${why}`;
      this.open.delete(rule);
      out.push(this.emit('resolved', iso, a, ctx));
    }
    return out;
  }

  /**
   * Forgets closed alerts resolved before `before` (bounded memory; they are on record downstream);
   * those of `longer.rules` (the lab series) only when resolved before `longer.before`.
   */
  prune(before: number, longer?: { rules: ReadonlySet<string>; before: number }): void {
    for (const [id, a] of this.all)
      if (a.resolvedAt !== null && Date.parse(a.resolvedAt) < (longer?.rules.has(a.rule) ? Math.min(before, longer.before) : before)) {
        this.all.delete(id);
        this.raisedAs.delete(id);
        this.derivedOf.delete(id);
      }
    // An alert still held keeps its derived onset (a continuation's episode began long before its id).
    const held = new Set<string>();
    for (const id of this.all.keys()) held.add(this.derivedId(id));
    for (const [id, at] of this.derived) if (at < before && !held.has(id)) this.derived.delete(id);
  }

  /** Acknowledgement silences re-notification for the snooze time; it never resolves (§6.0). */
  acknowledge(event: AcknowledgeEvent, at: number, ctx: PatientContext): EngineTransition[] {
    for (const tracked of this.open.values()) {
      if (tracked.alert.id !== event.alertId) continue;
      if (tracked.alert.state === 'acknowledged') return [];
      const a = tracked.alert;
      const iso = toIso(at);
      a.state = 'acknowledged';
      a.acknowledgedAt = iso;
      a.acknowledgedBy = event.by;
      a.ackNote = event.note ?? null;
      a.ackDisposition = event.disposition ?? null;
      a.updatedAt = iso;
      tracked.ackAt = at;
      tracked.firstAckAt ??= at;
      return [this.emit('acknowledged', iso, a, ctx)];
    }
    return [];
  }

  /**
   * The earliest pending re-notification or escalation time, or null.
   * @param rules the patient's rules: one whose condition no longer holds (Rule.recovering) has its re-notification wait.
   */
  nextDue(ctx: PatientContext, rules: readonly Rule[] = NO_RULES): number | null {
    const t = ctx.t;
    let best: number | null = null;
    const consider = (d: number) => {
      if (best === null || d < best) best = d;
    };
    for (const tracked of this.open.values()) {
      const a = tracked.alert;
      if (a.state === 'acknowledged' && tracked.ackAt !== null && a.severity !== 'low' && renotifies(rules, a.rule, ctx)) consider(snoozeEndOf(tracked, t));
      if (a.state !== 'active') continue;
      for (const [level, due] of escalationSchedule(a.severity, Math.max(tracked.activeSince, tracked.severitySince), t)) if (a.escalationLevel < level) consider(due);
    }
    return best;
  }

  /** Escalation of unacknowledged alerts and re-notification after snooze, each stamped with its due time. */
  tick(now: number, ctx: PatientContext, rules: readonly Rule[] = NO_RULES): EngineTransition[] {
    const out: EngineTransition[] = [];
    const t = ctx.t;
    for (const tracked of this.open.values()) {
      const a = tracked.alert;
      if (a.state === 'acknowledged' && tracked.ackAt !== null && a.severity !== 'low') {
        const snoozeEnd = snoozeEndOf(tracked, t);
        if (now < snoozeEnd || !renotifies(rules, a.rule, ctx)) continue;
        // Condition still holds after the snooze: notify again and restart the escalation clock.
        out.push(this.renotify(tracked, snoozeEnd, ctx));
      }
      if (a.state !== 'active') continue;
      for (const [level, due] of escalationSchedule(a.severity, Math.max(tracked.activeSince, tracked.severitySince), t)) {
        if (now < due || a.escalationLevel >= level) continue;
        a.escalationLevel = level;
        a.updatedAt = toIso(due);
        out.push(this.emit('escalated', a.updatedAt, a, ctx));
      }
    }
    return out;
  }

  /**
   * Re-notifications that waited out a recovery (see `tick`), due now that an input at `at` ended the
   * recovery: the condition holds again after the snooze, so notify at that input.
   */
  renotifyDeferred(at: number, ctx: PatientContext, rules: readonly Rule[]): EngineTransition[] {
    let out: EngineTransition[] | undefined;
    for (const tracked of this.open.values()) {
      const a = tracked.alert;
      if (a.state !== 'acknowledged' || tracked.ackAt === null || a.severity === 'low' || at < snoozeEndOf(tracked, ctx.t)) continue;
      if (!renotifies(rules, a.rule, ctx)) continue;
      (out ??= []).push(this.renotify(tracked, at, ctx));
    }
    return out ?? NONE;
  }

  /** Demands attention again for an acknowledged alert whose snooze is over, and restarts the escalation clock. */
  private renotify(tracked: Tracked, at: number, ctx: PatientContext): EngineTransition {
    const a = tracked.alert;
    a.state = 'active';
    a.updatedAt = toIso(at);
    tracked.activeSince = at;
    tracked.ackAt = null;
    return this.emit('updated', a.updatedAt, a, ctx);
  }

  private emit(type: TransitionType, at: string, alert: Alert, ctx: PatientContext): EngineTransition {
    alert.wardId = ctx.wardId ?? alert.wardId;
    alert.bed = ctx.bed ?? alert.bed;
    const snap = snapshot(alert);
    this.all.set(alert.id, snap);
    return { type, at, alert: snapshot(alert) };
  }
}

const NO_RULES: readonly Rule[] = [];
const NONE: EngineTransition[] = [];

/** Re-notify the rule's acknowledged alert after the snooze: not for a rule that never re-alarms, nor while its condition has cleared (Rule.recovering). */
function renotifies(rules: readonly Rule[], id: string, ctx: PatientContext): boolean {
  for (const r of rules) if (r.id === id) return r.noRealarm !== true && r.recovering?.(ctx) !== true;
  return true;
}

/** When the acknowledgement snooze of an acknowledged alert ends (§6.0: 2 min HIGH, 10 min MEDIUM). */
function snoozeEndOf(tracked: Tracked, t: ThresholdValues): number {
  return (tracked.ackAt ?? 0) + (tracked.alert.severity === 'high' ? t.snoozeHighMin : t.snoozeMediumMin) * MIN;
}

/** [level, due] pairs: HIGH → charge/secondary at 2 min, physician at 5 min; MEDIUM → charge at 10 min; LOW never. */
function escalationSchedule(severity: AlertSeverity, since: number, t: ThresholdValues): Array<[number, number]> {
  if (severity === 'high')
    return [
      [1, since + t.escalateHighMin * MIN],
      [2, since + t.escalateHighPhysicianMin * MIN],
    ];
  if (severity === 'medium') return [[1, since + t.escalateMediumMin * MIN]];
  return [];
}

function thresholdProvenance(rule: Rule, ctx: PatientContext): Evidence[] {
  const out: Evidence[] = [];
  for (const k of rule.thresholdKeys) {
    const src = ctx.thresholdSources[k];
    if (src) out.push(src);
  }
  return out;
}

/** Evidence items an alert keeps: the rule's own bound, or what raised it plus the latest trail. */
function evidenceLimit(rule: Rule): number {
  return rule.evidenceLimit ?? 2 * MAX_TRAIL_EVIDENCE;
}

function addEvidence(a: Alert, more: Evidence[], limit: number): void {
  // A confirmed recheck prompt repeats its first reading: record each reading's field once.
  const fresh = more.filter((m) => !a.evidence.some((x) => x.eventId === m.eventId && x.field === m.field && m.eventId !== ''));
  a.evidence = [...a.evidence, ...fresh];
  // Keep what raised it (first items) and the most recent trail; bounded for memory.
  if (a.evidence.length > limit) a.evidence = [...a.evidence.slice(0, Math.ceil(limit / 2)), ...a.evidence.slice(-Math.floor(limit / 2))];
}

export function snapshot(a: Alert): Alert {
  return { ...a, evidence: [...a.evidence], thresholds: { ...a.thresholds } };
}
