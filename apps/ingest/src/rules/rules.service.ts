import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { decodeLibraryState, encodeLibraryState, EngineSnapshotMismatchError, RulesEngine, restoreEngine, snapshotEngine, type EngineSnapshot } from '@vigil/rules';
import { DomainEvents, type ClinicalEvent, type ClinicalEventsStoredPayload, type EngineTransition } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { EventStoreService } from '../events/event-store.service';
import { AlertTransitionPublisher } from '../alerts/alert-transition-publisher';
import { PatientSummaryStore } from '../patients/patient-summary.store';
import { byEffectiveTime } from './by-effective-time';
import { ReadinessService } from '../health/readiness.service';
import { EngineSnapshotsRepository } from './engine-snapshots.repository';
import { MetricsService } from '../health/metrics.service';
import { feedPlaced } from './feed-placed';
import { derivedOf, type PatientDerived } from './patient-derived';
import { ClusterRulesService } from '../cluster/cluster-rules.service';

/** The rules service's part of a snapshot; bump the version when its layout changes. */
const SERVICE_SNAPSHOT_VERSION = 1;

interface ServiceState {
  lastTick: string;
  clock: string;
  admitted: Set<string>;
  unassigned: Map<string, ClinicalEvent[]>;
  summaries: Map<string, unknown>;
}

interface ServiceSnapshot {
  kind: 'vigil.rules-service';
  version: number;
  engine: EngineSnapshot;
  /** ServiceState, through the rules library's state codec (summaries hold its classes). */
  service: ReturnType<typeof encodeLibraryState>;
}

/**
 * Runs every stored event through the pure engine, in one serial queue (so each patient's events
 * are processed in order), ticks it with the wall clock, and persists what it emits.
 */
@Injectable()
export class RulesService implements OnApplicationShutdown {
  private readonly logger = new Logger('Rules');
  private engine = new RulesEngine();
  private work: Promise<unknown> = Promise.resolve();
  private ticker: NodeJS.Timeout | null = null;
  private lastTick = '';
  private closing = false;
  private readonly admitted = new Set<string>();
  private readonly unassigned = new Map<string, ClinicalEvent[]>();

  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly store: EventStoreService,
    private readonly publisher: AlertTransitionPublisher,
    private readonly summaries: PatientSummaryStore,
    private readonly readiness: ReadinessService,
    private readonly snapshots: EngineSnapshotsRepository,
    /** Cluster mode (VIGIL_CLUSTER): the partitions this node owns run there instead; see ClusterRulesService. */
    private readonly cluster: ClusterRulesService,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** Stored events handed to the rules and not evaluated yet (the rules queue's depth). */
  private queued = 0;

  queuedEvents(): number {
    return this.queued;
  }

  /** Log position the engine state covers: every event stored up to it has been evaluated. */
  private coveredSeq = 0n;
  private coveredEvents = 0;
  private sinceSnapshot = 0;
  private lastSnapshotAt = Date.now();
  private snapshotting = false;
  /** The rebuild's tick clock (event times), carried by snapshots. */
  private clock = '';

  private started = false;

  /**
   * Starts the rebuild without waiting for it, so `/health` and `/ready` answer meanwhile; listeners
   * accept work once it is done (ReadinessService). createApp calls it once the HTTP port is open.
   */
  start() {
    if (this.started) return;
    this.started = true;
    if (this.env.VIGIL_CLUSTER) {
      void this.cluster.start().catch((e) => {
        this.readiness.phase = `cluster start failed: ${(e as Error).message}`;
        this.logger.error(`could not join the cluster; the service stays not ready: ${(e as Error).stack ?? e}`);
      });
      return;
    }
    this.readiness.phase = 'rebuilding rule state from the event log';
    void this.enqueue(() => this.rebuild()).then(
      () => {
        this.readiness.markReady();
        if (this.env.VIGIL_CLOCK === 'events' || this.closing) return;
        this.ticker = setInterval(() => void this.enqueue(() => this.tick(new Date().toISOString())), this.env.TICK_INTERVAL_MS);
      },
      (e) => {
        this.readiness.phase = `rebuild failed: ${(e as Error).message}`;
        this.logger.error(`rule state could not be rebuilt; the service stays not ready: ${(e as Error).stack ?? e}`);
      },
    );
  }

  onApplicationShutdown() {
    this.closing = true;
    if (this.ticker) clearInterval(this.ticker);
  }

  /**
   * Per patient: the current NEWS2 score (shown on tiles, not alarmed; null without data), the
   * thresholds in force and the dose schedule (null before the first dose). In cluster mode, as the
   * owner of the patient's partition derives them, wherever it runs.
   */
  async derived(patientIds: readonly string[]): Promise<Map<string, PatientDerived>> {
    if (this.env.VIGIL_CLUSTER) return this.cluster.derived(patientIds);
    return new Map(patientIds.map((id) => [id, derivedOf(this.engine, id)]));
  }

  /** Resolves when everything queued so far has been processed and persisted. */
  idle(): Promise<unknown> {
    if (this.env.VIGIL_CLUSTER) return this.cluster.idle();
    return this.work;
  }

  @OnEvent(DomainEvents.ClinicalEventsStored)
  onStored(payload: ClinicalEventsStoredPayload) {
    // A cluster's owners read stored events from the log (whichever node stored them), not from here.
    if (this.env.VIGIL_CLUSTER) return;
    const storedAt = performance.now();
    const n = payload.events.length;
    this.queued += n;
    void this.enqueue(() =>
      this.process(payload.events, payload.requestIds).finally(() => {
        this.queued -= n;
        this.metrics?.rulesLag.observe((performance.now() - storedAt) / 1000);
      }),
    );
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.work.then(job);
    this.work = next.catch((e) => this.logger.error(`rules job failed: ${(e as Error).stack ?? e}`));
    return next;
  }

  /** `requestIds[i]`: the request that stored `events[i]`; each transition an event causes carries it. */
  private async process(events: ClinicalEvent[], requestIds: (string | undefined)[] = []) {
    const out: EngineTransition[] = [];
    const causes: (string | undefined)[] = [];
    const requestOf = new Map<ClinicalEvent, string | undefined>(events.map((e, i) => [e, requestIds[i]]));
    const virtual = this.env.VIGIL_CLOCK === 'events';
    for (const e of [...events].sort(byEffectiveTime)) {
      if (virtual && e.time > this.lastTick) out.push(...this.engine.tick((this.lastTick = e.time)));
      while (causes.length < out.length) causes.push(undefined);
      out.push(...this.feed(e));
      while (causes.length < out.length) causes.push(requestOf.get(e));
    }
    this.coveredEvents += events.length;
    this.sinceSnapshot += events.length;
    this.maybeSnapshot();
    await this.publish(out, causes);
  }

  /** Clinical data waits until its patient is placed (feedPlaced); the bed tiles see every event. */
  private feed(e: ClinicalEvent): EngineTransition[] {
    this.summaries.apply(e);
    return feedPlaced(this.engine, this.admitted, this.unassigned, e);
  }

  private async tick(now: string) {
    this.maybeSnapshot();
    if (now <= this.lastTick) return;
    this.lastTick = now;
    await this.publish(this.engine.tick(now));
  }

  /** Persists, then broadcasts (AlertTransitionPublisher); `causes[i]`: the request behind `out[i]`. Returns the number of chunks. */
  private publish(out: EngineTransition[], causes: (string | undefined)[] = []): Promise<number> {
    return this.publisher.publish(out, { closing: () => this.closing, causes });
  }

  /** Starts a snapshot when one is due (by events or by time) and none is being written. */
  private maybeSnapshot() {
    const everyEvents = this.env.VIGIL_SNAPSHOT_EVERY_EVENTS;
    const everyMs = this.env.VIGIL_SNAPSHOT_EVERY_S * 1000;
    if (this.snapshotting || this.closing || this.sinceSnapshot === 0 || !this.readiness.ready) return;
    const due = (everyEvents > 0 && this.sinceSnapshot >= everyEvents) || (everyMs > 0 && Date.now() - this.lastSnapshotAt >= everyMs);
    if (!due) return;
    this.snapshotting = true;
    void this.snapshot()
      .catch((e) => this.logger.warn(`engine snapshot not written (the next one will be tried; start-up replays more meanwhile): ${(e as Error).message}`))
      .finally(() => (this.snapshotting = false));
  }

  /**
   * Writes the engine's state with the log position it covers. The store pauses its inserts until
   * every event it stored has been handed to the rules queue; the capture is queued behind them (after
   * their transitions are persisted), so the state covers exactly the events up to that position.
   * The write is one transaction: a crash during it leaves the previous snapshot in place.
   */
  async snapshot(): Promise<void> {
    let job: Promise<{ json: string; throughSeq: bigint; events: number; fingerprint: string; format: number }>;
    try {
      const stored = await this.store.pauseAndDrain();
      job = this.enqueue(async () => {
        const throughSeq = stored > this.coveredSeq ? stored : this.coveredSeq;
        this.sinceSnapshot = 0;
        this.lastSnapshotAt = Date.now();
        const engine = snapshotEngine(this.engine);
        const state: ServiceState = { lastTick: this.lastTick, clock: this.clock, admitted: this.admitted, unassigned: this.unassigned, summaries: this.summaries.exportState() };
        const doc: ServiceSnapshot = { kind: 'vigil.rules-service', version: SERVICE_SNAPSHOT_VERSION, engine, service: encodeLibraryState(state) };
        return { json: JSON.stringify(doc), throughSeq, events: this.coveredEvents, fingerprint: engine.fingerprint, format: engine.version };
      });
    } finally {
      this.store.resume();
    }
    const captured = await job;
    const t0 = Date.now();
    const written = await this.snapshots.write({ throughSeq: captured.throughSeq, events: captured.events, format: captured.format, engineFingerprint: captured.fingerprint, json: captured.json });
    this.logger.log(`engine snapshot ${written.id} written through seq ${captured.throughSeq} (${captured.events} events; ${written.bytes} bytes, ${written.compressed} compressed, ${Date.now() - t0} ms)`);
  }

  /** The newest usable snapshot restored into the service, or null (none, unreadable, or another engine build: logged). */
  private async restoreSnapshot(): Promise<{ id: bigint; throughSeq: bigint; events: number } | null> {
    const snap = await this.snapshots.latest();
    if (!snap) return null;
    const doc = snap.document as Partial<ServiceSnapshot> | null;
    if (doc?.kind !== 'vigil.rules-service' || doc.version !== SERVICE_SNAPSHOT_VERSION || !doc.service) {
      this.logger.warn(`engine snapshot ${snap.id} ignored (service snapshot version ${doc?.version}, this service reads ${SERVICE_SNAPSHOT_VERSION}): rebuilding from the whole event log`);
      return null;
    }
    let engine: RulesEngine;
    let state: ServiceState;
    try {
      engine = restoreEngine(doc.engine);
      state = decodeLibraryState(doc.service) as ServiceState;
    } catch (e) {
      const why = e instanceof EngineSnapshotMismatchError ? `${e.reason}: ${e.message}` : (e as Error).message;
      this.logger.warn(`engine snapshot ${snap.id} ignored (${why}): rebuilding from the whole event log`);
      return null;
    }
    this.engine = engine;
    this.lastTick = state.lastTick;
    this.clock = state.clock;
    for (const id of state.admitted) this.admitted.add(id);
    for (const [id, list] of state.unassigned) this.unassigned.set(id, list);
    this.summaries.importState(state.summaries);
    return { id: snap.id, throughSeq: snap.throughSeq, events: Number(snap.events) };
  }

  /**
   * Engine state is rebuilt from the newest valid snapshot and the events stored after it (or, with
   * none, by replaying the whole log) in the order they were stored. Transitions already on record
   * are not sent again; an alert whose recorded state differs from the replay (a crash between
   * storing events and persisting their alerts) gets its replayed transition persisted now.
   */
  private async rebuild() {
    this.engine = new RulesEngine();
    this.admitted.clear();
    this.unassigned.clear();
    this.clock = '';
    const t0 = Date.now();
    this.readiness.phase = 'loading the latest engine snapshot';
    const restored = await this.restoreSnapshot();
    let after = 0n;
    if (restored) {
      after = restored.throughSeq;
      this.coveredEvents = restored.events;
      this.logger.log(`restored engine snapshot ${restored.id} through seq ${after} (${restored.events} events) in ${Date.now() - t0} ms; replaying the events after it`);
    }
    this.readiness.phase = restored ? 'replaying the events after the snapshot' : 'rebuilding rule state from the whole event log';
    let count = 0;
    const last = new Map<string, EngineTransition>();
    let slice = Date.now();
    for await (const page of this.store.readAfter(after)) {
      for (const e of page.events) {
        // Yield now and then, so /health, /ready and the 503s answer during a long rebuild.
        if ((count & 255) === 0 && Date.now() - slice > 20) {
          await new Promise((r) => setImmediate(r));
          slice = Date.now();
        }
        // Live mode ticks every second; ticking at each event time replays timers close to how they ran.
        const ticked = e.time > this.clock ? this.engine.tick((this.clock = e.time)) : [];
        for (const t of [...ticked, ...this.feed(e)]) last.set(t.alert.id, t);
        count++;
      }
      this.coveredSeq = page.lastSeq;
      this.readiness.replayed = count;
    }
    if (after > this.coveredSeq) this.coveredSeq = after;
    this.coveredEvents += count;
    this.sinceSnapshot = count;
    const recorded = new Map((await this.prisma.alert.findMany({ select: { id: true, state: true, severity: true } })).map((a) => [a.id, a]));
    const missing = [...last.values()].filter((t) => {
      const r = recorded.get(t.alert.id);
      return !r || r.state !== t.alert.state || r.severity !== t.alert.severity;
    });
    this.readiness.phase = `persisting ${missing.length} alert transition(s) the log has but the alert table lacks`;
    const chunks = await this.publish(missing);
    if (count > 0 || restored) this.logger.log(`rule state ready in ${Date.now() - t0} ms: ${restored ? `snapshot of ${restored.events} events + ` : ''}${count} events replayed (${missing.length} alert transitions recovered in ${chunks} transaction(s))`);
  }
}
