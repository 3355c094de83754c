import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { RulesEngine } from '@vigil/rules';
import { DomainEvents, type AlertTransition, type ClinicalEvent, type ClinicalEventsStoredPayload, type EngineTransition } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { EventStoreService } from '../events/event-store.service';
import { AlertTransitionsRepository } from '../alerts/alert-transitions.repository';
import { PatientSummaryStore } from '../patients/patient-summary.store';
import { byEffectiveTime } from './by-effective-time';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { ReadinessService } from '../health/readiness.service';

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
    private readonly transitions: AlertTransitionsRepository,
    private readonly summaries: PatientSummaryStore,
    private readonly bus: EventEmitter2,
    private readonly readiness: ReadinessService,
  ) {}

  private started = false;

  /**
   * Starts the rebuild without waiting for it, so `/health` and `/ready` answer meanwhile; listeners
   * accept work once it is done (ReadinessService). createApp calls it once the HTTP port is open.
   */
  start() {
    if (this.started) return;
    this.started = true;
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

  /** The patient's current NEWS2 score (shown on tiles, not alarmed), or null without data. */
  news2(patientId: string): number | null {
    return this.engine.news2(patientId);
  }

  thresholdsFor(patientId: string) {
    return this.engine.thresholdsFor(patientId);
  }

  /** Resolves when everything queued so far has been processed and persisted. */
  idle(): Promise<unknown> {
    return this.work;
  }

  @OnEvent(DomainEvents.ClinicalEventsStored)
  onStored(payload: ClinicalEventsStoredPayload) {
    void this.enqueue(() => this.process(payload.events));
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.work.then(job);
    this.work = next.catch((e) => this.logger.error(`rules job failed: ${(e as Error).stack ?? e}`));
    return next;
  }

  private async process(events: ClinicalEvent[]) {
    const out: EngineTransition[] = [];
    const virtual = this.env.VIGIL_CLOCK === 'events';
    for (const e of [...events].sort(byEffectiveTime)) {
      if (virtual && e.time > this.lastTick) out.push(...this.engine.tick((this.lastTick = e.time)));
      out.push(...this.feed(e));
    }
    await this.publish(out);
  }

  /**
   * Clinical data for a patient nobody has placed on a ward waits (stored, listed as unassigned) and
   * reaches the engine, in effective-time order, right after the admit or transfer, so alerts carry
   * ward and bed.
   */
  private feed(e: ClinicalEvent): EngineTransition[] {
    this.summaries.apply(e);
    // A transfer also places a patient (e.g. one already in hospital when Vigil went live).
    if (e.type === 'admit' || e.type === 'transfer') {
      this.admitted.add(e.patientId);
      const waiting = (this.unassigned.get(e.patientId) ?? []).sort(byEffectiveTime);
      this.unassigned.delete(e.patientId);
      return [e, ...waiting].flatMap((w) => this.engine.process(w));
    }
    if (!this.admitted.has(e.patientId) && e.type !== 'thresholds') {
      const list = this.unassigned.get(e.patientId) ?? [];
      list.push(e);
      this.unassigned.set(e.patientId, list);
      return [];
    }
    return this.engine.process(e);
  }

  private async tick(now: string) {
    if (now <= this.lastTick) return;
    this.lastTick = now;
    await this.publish(this.engine.tick(now));
  }

  /**
   * Persists, then broadcasts. While the database is unreachable the rules queue waits here and
   * retries, so no transition is lost and the order is kept; the events are already durable.
   */
  private async publish(out: EngineTransition[]) {
    if (out.length === 0) return;
    let persisted: AlertTransition[];
    for (let attempt = 1; ; attempt++) {
      try {
        persisted = await this.transitions.persist(out);
        break;
      } catch (e) {
        // Shutting down or not a connectivity problem: give up (a restart rebuilds from the log).
        if (this.closing || (!isDatabaseUnavailable(e) && attempt >= 5)) throw e;
        this.logger.warn(`could not persist ${out.length} alert transition(s), retrying (${attempt}): ${(e as Error).message.split('\n').pop()}`);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 200 * 2 ** attempt)).unref());
      }
    }
    for (const t of persisted) this.bus.emit(DomainEvents.AlertTransitioned, t);
  }

  /**
   * Engine state is rebuilt by replaying the log in the order it was stored. Transitions already on
   * record are not sent again; an alert whose recorded state differs from the replay (a crash between
   * storing events and persisting their alerts) gets its replayed transition persisted now.
   */
  private async rebuild() {
    this.engine = new RulesEngine();
    this.admitted.clear();
    this.unassigned.clear();
    let count = 0;
    let clock = '';
    const last = new Map<string, EngineTransition>();
    let slice = Date.now();
    for await (const page of this.store.readAll()) {
      for (const e of page) {
        // Yield now and then, so /health, /ready and the 503s answer during a long rebuild.
        if ((count & 255) === 0 && Date.now() - slice > 20) {
          await new Promise((r) => setImmediate(r));
          slice = Date.now();
        }
        // Live mode ticks every second; ticking at each event time replays timers close to how they ran.
        const ticked = e.time > clock ? this.engine.tick((clock = e.time)) : [];
        for (const t of [...ticked, ...this.feed(e)]) last.set(t.alert.id, t);
        count++;
      }
      this.readiness.replayed = count;
    }
    const recorded = new Map((await this.prisma.alert.findMany({ select: { id: true, state: true, severity: true } })).map((a) => [a.id, a]));
    const missing = [...last.values()].filter((t) => {
      const r = recorded.get(t.alert.id);
      return !r || r.state !== t.alert.state || r.severity !== t.alert.severity;
    });
    await this.publish(missing);
    if (count > 0) this.logger.log(`rebuilt rule state from ${count} events (${missing.length} alert transitions recovered)`);
  }
}
