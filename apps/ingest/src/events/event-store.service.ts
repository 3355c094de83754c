import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents, ErrorCodes, type ClinicalEvent, type ClinicalEventsStoredPayload } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ApiError } from '../common/api-error';

export interface AppendResult {
  accepted: number;
  duplicates: number;
}

interface Pending {
  events: ClinicalEvent[];
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
  ) {}

  append(events: ClinicalEvent[]): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
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
    const inserted = this.insert(batch.flatMap((p) => p.events)).finally(() => {
      this.inFlight--;
      if (this.queue.length > 0) this.scheduleFlush(0);
    });
    inserted.catch(() => undefined); // handled in order below
    this.flushing = this.flushing.then(() => this.settle(batch, inserted).finally(() => this.unsettled--));
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
    try {
      const result = await insert;
      inserted = result.ids;
      if (result.maxSeq > this.settledSeq) this.settledSeq = result.maxSeq;
    } catch (error) {
      this.logger.error(`event log insert failed: ${(error as Error).message}`);
      const unavailable = new ApiError(503, ErrorCodes.StoreUnavailable, 'the event store is unavailable; nothing from this request was stored, retry later');
      for (const p of batch) p.reject(unavailable);
      return;
    }
    const stored: ClinicalEvent[] = [];
    for (const p of batch) {
      let accepted = 0;
      for (const e of p.events) {
        // The first occurrence of a newly inserted id is the stored one; later copies are duplicates.
        if (inserted.delete(e.id)) {
          accepted++;
          stored.push(e);
        }
      }
      p.resolve({ accepted, duplicates: p.events.length - accepted });
    }
    if (stored.length > 0) {
      const payload: ClinicalEventsStoredPayload = { events: stored };
      this.bus.emit(DomainEvents.ClinicalEventsStored, payload);
    }
  }

  private async insert(events: ClinicalEvent[]): Promise<{ ids: Set<string>; maxSeq: bigint }> {
    // The events travel once, as one JSON array; columns are read out of each element in SQL.
    const result = await this.prisma.$queryRawUnsafe<{ id: string; seq: bigint | number | string }[]>(
      `INSERT INTO clinical_event (id, patient_id, time, type, source, payload)
       SELECT e->>'id', e->>'patientId', (e->>'time')::timestamptz, e->>'type', e->>'source', e
       FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT (id) DO NOTHING
       RETURNING id, seq`,
      JSON.stringify(events),
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
