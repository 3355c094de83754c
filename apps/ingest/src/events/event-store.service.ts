import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents, ErrorCodes, type ClinicalEvent, type ClinicalEventsStoredPayload } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ApiError } from '../common/api-error';
import type { Origin } from '../auth/sender';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { MetricsService } from '../health/metrics.service';

export interface AppendResult {
  accepted: number;
  duplicates: number;
  /** Events the database refused (each alone, with its reason); the rest were stored. */
  refused?: { id: string; reason: string }[];
}

interface Pending {
  events: ClinicalEvent[];
  origin: Origin;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

const FLUSH_EVENTS = 2000;
const FLUSH_DELAY_MS = 2;
const MAX_IN_FLIGHT = 4;

/**
 * The append-only clinical event log. Concurrent appends are group-committed: callers queue, and
 * one multi-row `INSERT … ON CONFLICT (id) DO NOTHING` per flush stores them all. Each caller is
 * answered only after that statement commits; newly stored events (never duplicates) go to the
 * rules through `clinical-events.stored`.
 */
@Injectable()
export class EventStoreService implements OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');
  private queue: Pending[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private inFlight = 0;
  /** Batches flushed whose callers are not answered yet (their events not yet handed to the rules). */
  private unsettled = 0;
  /** The highest seq this process has stored and handed to the rules. */
  private settledSeq = 0n;
  private paused = false;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly bus: EventEmitter2,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** Stores the events with who sent them and how (origin), answered once committed. */
  append(events: ClinicalEvent[], origin: Origin): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
    return new Promise((resolve, reject) => {
      this.queue.push({ events, origin, resolve, reject });
      this.queued += events.length;
      if (this.queued >= FLUSH_EVENTS) this.scheduleFlush(0);
      else this.scheduleFlush(FLUSH_DELAY_MS);
    });
  }

  private scheduleFlush(delay: number) {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }

  /**
   * Takes the queue as one batch and starts its INSERT at once, so up to MAX_IN_FLIGHT batches are
   * on the wire together (PostgreSQL's pool works in parallel); callers are answered and the rules
   * are fed strictly in batch order, so the rules see events in the order they were queued.
   */
  private flush() {
    if (this.queue.length === 0) return;
    if (this.inFlight >= MAX_IN_FLIGHT || this.paused) return; // the batch that finishes first (or resume) flushes again
    const batch = this.queue;
    this.queue = [];
    this.queued = 0;
    this.inFlight++;
    this.unsettled++;
    this.metrics?.commitBatchEvents.observe(this.queuedIn(batch));
    const startedAt = performance.now();
    const inserted = this.insert(batch).finally(() => {
      this.inFlight--;
      if (this.queue.length > 0) this.scheduleFlush(0);
    });
    inserted.catch(() => undefined); // handled in order below
    this.flushing = this.flushing.then(() =>
      this.settle(batch, inserted).finally(() => {
        this.unsettled--;
        this.metrics?.commitDuration.observe((performance.now() - startedAt) / 1000);
      }),
    );
  }

  private queuedIn(batch: Pending[]): number {
    let n = 0;
    for (const p of batch) n += p.events.length;
    return n;
  }

  /**
   * Stops starting inserts and resolves, once every insert started is settled (its events handed to
   * the rules), with the highest seq stored: every event this process stored up to it has reached
   * the rules queue. Callers keep queueing meanwhile; `resume` flushes them. Rules snapshots use it
   * to name the log position they cover (concurrent inserts commit seqs out of order).
   */
  async pauseAndDrain(): Promise<bigint> {
    this.paused = true;
    while (this.inFlight > 0 || this.unsettled > 0) await new Promise((r) => setTimeout(r, 1));
    return this.settledSeq;
  }

  resume() {
    this.paused = false;
    if (this.queue.length > 0) this.scheduleFlush(0);
  }

  private async settle(batch: Pending[], insert: Promise<{ ids: Set<string>; maxSeq: bigint }>) {
    let inserted: Set<string>;
    const refused = new Map<ClinicalEvent, string>();
    let unreached = new Set<ClinicalEvent>();
    try {
      const result = await insert;
      inserted = result.ids;
      if (result.maxSeq > this.settledSeq) this.settledSeq = result.maxSeq;
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        this.logger.error(`event log insert failed: ${(error as Error).message}`);
        const unavailable = new ApiError(503, ErrorCodes.StoreUnavailable, 'the event store is unavailable; nothing from this request was stored, retry later');
        for (const p of batch) p.reject(unavailable);
        return;
      }
      // The database refused something in this batch: find it by halves, so one sender's bad event
      // is refused alone and everyone else's are stored.
      this.logger.warn(`event log refused a batch of ${batch.length} request(s) (${(error as Error).message.split('\n').pop()}); isolating the event(s) it refuses`);
      ({ inserted, unreached } = await this.isolate(batch, refused));
    }
    const stored: ClinicalEvent[] = [];
    const unavailable = new ApiError(503, ErrorCodes.StoreUnavailable, 'the event store became unavailable; retry later (events already stored count as duplicates)');
    for (const p of batch) {
      let accepted = 0;
      const mine: { id: string; reason: string }[] = [];
      let cut = false;
      for (const e of p.events) {
        // The first occurrence of a newly inserted id is the stored one; later copies are duplicates.
        if (inserted.delete(e.id)) {
          accepted++;
          stored.push(e);
        } else if (refused.has(e)) mine.push({ id: e.id, reason: refused.get(e)! });
        else if (unreached.has(e)) cut = true;
      }
      this.count(p.origin.channel, 'accepted', accepted);
      this.count(p.origin.channel, 'refused', mine.length);
      if (!cut) this.count(p.origin.channel, 'duplicate', p.events.length - accepted - mine.length);
      if (cut) p.reject(unavailable);
      else p.resolve(mine.length ? { accepted, duplicates: p.events.length - accepted - mine.length, refused: mine } : { accepted, duplicates: p.events.length - accepted });
    }
    if (stored.length > 0) {
      const payload: ClinicalEventsStoredPayload = { events: stored };
      this.bus.emit(DomainEvents.ClinicalEventsStored, payload);
    }
  }

  private count(channel: string, outcome: 'accepted' | 'duplicate' | 'refused', n: number) {
    if (n > 0) this.metrics?.ingestEvents.inc({ channel, outcome }, n);
  }

  /** Inserts a refused batch again in halves until each refused event stands alone. */
  private async isolate(batch: Pending[], refused: Map<ClinicalEvent, string>) {
    const inserted = new Set<string>();
    const unreached = new Set<ClinicalEvent>();
    const items = batch.flatMap((p) => p.events.map((e) => ({ p, e })));
    const attempt = async (part: { p: Pending; e: ClinicalEvent }[]): Promise<void> => {
      if (part.length === 0) return;
      if (unreached.size > 0) {
        for (const it of part) unreached.add(it.e);
        return;
      }
      const byPending = new Map<Pending, ClinicalEvent[]>();
      for (const it of part) byPending.set(it.p, [...(byPending.get(it.p) ?? []), it.e]);
      try {
        const result = await this.insert([...byPending].map(([p, events]) => ({ ...p, events })));
        for (const id of result.ids) inserted.add(id);
        if (result.maxSeq > this.settledSeq) this.settledSeq = result.maxSeq;
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          for (const it of part) unreached.add(it.e);
          return;
        }
        if (part.length === 1) {
          refused.set(part[0].e, `the database refused this event: ${(error as Error).message.split('\n').pop()?.slice(0, 300)}`);
          return;
        }
        const half = part.length >> 1;
        await attempt(part.slice(0, half));
        await attempt(part.slice(half));
      }
    };
    // The whole batch already failed once: start with its halves.
    const half = items.length >> 1;
    if (items.length === 1) await attempt(items);
    else {
      await attempt(items.slice(0, half));
      await attempt(items.slice(half));
    }
    if (refused.size > 0) this.logger.warn(`event log refused ${refused.size} event(s): ${[...refused.keys()].map((e) => e.id).slice(0, 5).join(', ')}`);
    return { inserted, unreached };
  }

  private async insert(batch: Pending[]): Promise<{ ids: Set<string>; maxSeq: bigint }> {
    // The events travel once, as one JSON array per sender; columns are read out of each element in SQL.
    const groups = batch.map((p) => ({ s: p.origin.sender, c: p.origin.channel, e: p.events }));
    const result = await this.prisma.$queryRawUnsafe<{ id: string; seq: bigint | number | string }[]>(
      `INSERT INTO clinical_event (id, patient_id, time, type, source, sender, channel, payload)
       SELECT e->>'id', e->>'patientId', (e->>'time')::timestamptz, e->>'type', e->>'source', g->>'s', g->>'c', e
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS b(g, gn), jsonb_array_elements(g->'e') WITH ORDINALITY AS x(e, n)
       ORDER BY gn, n
       ON CONFLICT (id) DO NOTHING
       RETURNING id, seq`,
      JSON.stringify(groups),
    );
    let maxSeq = 0n;
    for (const r of result) {
      const seq = BigInt(r.seq);
      if (seq > maxSeq) maxSeq = seq;
    }
    return { ids: new Set(result.map((r) => r.id)), maxSeq };
  }

  /** Every stored event, in effective-time order per patient (used to rebuild engine state). */
  async *readAll(pageSize = 5000): AsyncGenerator<ClinicalEvent[]> {
    for await (const page of this.readAfter(0n, pageSize)) yield page.events;
  }

  /** The events stored after log position `after`, in log order, a page at a time with the page's last seq. */
  async *readAfter(after: bigint, pageSize = 5000): AsyncGenerator<{ events: ClinicalEvent[]; lastSeq: bigint }> {
    for (;;) {
      const page = await this.prisma.clinicalEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: pageSize, select: { seq: true, payload: true } });
      if (page.length === 0) return;
      after = page[page.length - 1].seq;
      yield { events: page.map((r) => r.payload as unknown as ClinicalEvent), lastSeq: after };
    }
  }

  async onApplicationShutdown() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.paused = false;
    // Drain: nothing accepted into the queue is left unanswered.
    while (this.queue.length > 0 || this.inFlight > 0) {
      this.flush();
      await this.flushing;
      await new Promise((r) => setImmediate(r));
    }
  }
}
