import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents, ErrorCodes, type ClinicalEvent, type ClinicalEventsStoredPayload } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ApiError } from '../common/api-error';
import type { Origin } from '../auth/sender';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { MetricsService } from '../health/metrics.service';
import { EventCorrectionsService, type CorrectionOutcome } from './event-corrections.service';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { AdvisoryKeys, EVENTS_CHANNEL } from '../cluster/advisory-keys';
import { currentRequestId } from '../logging/request-context';

export interface AppendResult {
  /** Events stored: new ones and corrections. */
  accepted: number;
  duplicates: number;
  /** Of those accepted, corrections: a stored id with new content, stored as its next revision (§10). */
  corrected?: number;
  /** Events not stored (each alone, with its reason; `code` and `path` for a refused correction); the rest were stored. */
  refused?: { id: string; reason: string; code?: string; path?: string }[];
}

interface Pending {
  events: ClinicalEvent[];
  origin: Origin;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
  /** The request (HTTP, MLLP message) that appended them: handed to the rules with the events. */
  requestId?: string;
  /** How often these events were put back because another version of their id was being stored. */
  deferrals?: number;
}

const FLUSH_EVENTS = 2000;
const FLUSH_DELAY_MS = 2;
const MAX_IN_FLIGHT = 4;
/** After this many deferrals an event is decided whatever else is in flight (a sender resending one id without pause). */
const MAX_DEFERRALS = 5;

/**
 * The append-only clinical event log. Concurrent appends are group-committed: callers queue, and
 * one multi-row `INSERT … ON CONFLICT (id, revision) DO NOTHING` per flush stores them all. Each
 * caller is answered only after that statement commits; newly stored events (never duplicates) go to
 * the rules through `clinical-events.stored`. An event whose id is already stored is a duplicate when
 * its content matches a stored version, otherwise a correction (EventCorrectionsService): stored as
 * the next revision and handed to the rules after the version it corrects, in the same order a
 * restart replays the log (by seq).
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
  /** Ids of the events in batches flushed and not yet settled, with how many times each occurs. */
  private readonly inFlightIds = new Map<string, number>();

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly bus: EventEmitter2,
    private readonly corrections: EventCorrectionsService,
    @Inject(ENV) private readonly env: Env,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** Stores the events with who sent them and how (origin), answered once committed. */
  append(events: ClinicalEvent[], origin: Origin): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
    return new Promise((resolve, reject) => {
      this.queue.push({ events, origin, resolve, reject, requestId: currentRequestId() });
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
    const ids = countIds(batch);
    for (const [id, n] of ids) this.inFlightIds.set(id, (this.inFlightIds.get(id) ?? 0) + n);
    const inserted = this.insert(batch).finally(() => {
      this.inFlight--;
      if (this.queue.length > 0) this.scheduleFlush(0);
    });
    inserted.catch(() => undefined); // handled in order below
    this.flushing = this.flushing.then(() =>
      this.settle(batch, inserted, ids).finally(() => {
        this.unsettled--;
        this.metrics?.commitDuration.observe((performance.now() - startedAt) / 1000);
        for (const [id, n] of ids) {
          const left = (this.inFlightIds.get(id) ?? 0) - n;
          if (left > 0) this.inFlightIds.set(id, left);
          else this.inFlightIds.delete(id);
        }
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

  private async settle(batch: Pending[], insert: Promise<{ ids: Set<string>; maxSeq: bigint }>, batchIds: Map<string, number>) {
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
    const results = new Map<Pending, Tally>();
    const known: { p: Pending; e: ClinicalEvent }[] = [];
    for (const p of batch) {
      const r: Tally = { accepted: 0, corrected: 0, duplicates: 0, refused: [], cut: false, deferred: [] };
      results.set(p, r);
      for (const e of p.events) {
        // The first occurrence of a newly inserted id is the stored one; the others' ids are already in the log.
        if (inserted.delete(e.id)) {
          r.accepted++;
          stored.push(e);
        } else if (refused.has(e)) r.refused.push({ id: e.id, reason: refused.get(e)! });
        else if (unreached.has(e)) r.cut = true;
        else known.push({ p, e });
      }
    }
    await this.settleKnown(known, results, batchIds, stored);
    const unavailable = new ApiError(503, ErrorCodes.StoreUnavailable, 'the event store became unavailable; retry later (events already stored count as duplicates)');
    for (const p of batch) {
      const r = results.get(p)!;
      if (r.cut) {
        p.reject(unavailable);
        continue;
      }
      const partial: AppendResult = {
        accepted: r.accepted,
        duplicates: r.duplicates,
        ...(r.corrected ? { corrected: r.corrected } : {}),
        ...(r.refused.length ? { refused: r.refused } : {}),
      };
      this.count(p.origin.channel, 'accepted', r.accepted);
      this.count(p.origin.channel, 'refused', r.refused.length);
      this.count(p.origin.channel, 'duplicate', r.duplicates);
      if (r.deferred.length === 0) p.resolve(partial);
      else {
        // Another version of these ids is being stored by a batch that settles later: go after it.
        this.queue.push({ events: r.deferred, origin: p.origin, requestId: p.requestId, deferrals: (p.deferrals ?? 0) + 1, resolve: (rest) => p.resolve(mergeResults(partial, rest)), reject: p.reject });
        this.queued += r.deferred.length;
        this.scheduleFlush(FLUSH_DELAY_MS);
      }
    }
    if (stored.length > 0) {
      const requestOf = new Map<ClinicalEvent, string | undefined>();
      for (const p of batch) for (const e of p.events) requestOf.set(e, p.requestId);
      const payload: ClinicalEventsStoredPayload = { events: stored, requestIds: stored.map((e) => requestOf.get(e)) };
      this.bus.emit(DomainEvents.ClinicalEventsStored, payload);
    }
  }

  private count(channel: string, outcome: 'accepted' | 'duplicate' | 'refused', n: number) {
    if (n > 0) this.metrics?.ingestEvents.inc({ channel, outcome }, n);
  }

  /**
   * Events whose id is already in the log: duplicates, or corrections stored now as the next revision
   * (appended to `stored`, after the version they correct). One whose id is also in a batch that
   * settles after this one waits for it (deferred), so the rules always get a version after the one
   * before it, in log order.
   */
  private async settleKnown(known: { p: Pending; e: ClinicalEvent }[], results: Map<Pending, Tally>, batchIds: Map<string, number>, stored: ClinicalEvent[]) {
    const now: { p: Pending; e: ClinicalEvent }[] = [];
    for (const it of known) {
      const r = results.get(it.p)!;
      if (r.cut) continue;
      const elsewhere = (this.inFlightIds.get(it.e.id) ?? 0) > (batchIds.get(it.e.id) ?? 0);
      if (elsewhere && (it.p.deferrals ?? 0) < MAX_DEFERRALS) r.deferred.push(it.e);
      else now.push(it);
    }
    if (now.length === 0) return;
    let outcomes: CorrectionOutcome[];
    try {
      outcomes = await this.corrections.settle(now.map((it) => ({ event: it.e, origin: it.p.origin })));
    } catch (error) {
      this.logger.error(`could not check ${now.length} resent or corrected event(s) against the log: ${(error as Error).message.split('\n').pop()}`);
      for (const it of now) results.get(it.p)!.cut = true;
      return;
    }
    now.forEach((it, i) => {
      const r = results.get(it.p)!;
      const o = outcomes[i];
      switch (o.kind) {
        case 'duplicate':
          r.duplicates++;
          break;
        case 'corrected':
          r.accepted++;
          r.corrected++;
          stored.push(it.e);
          if (o.seq > this.settledSeq) this.settledSeq = o.seq;
          break;
        case 'refused':
          r.refused.push({ id: it.e.id, reason: o.reason, code: o.code, path: o.path });
          break;
        case 'failed':
          if (isDatabaseUnavailable(o.error)) r.cut = true;
          else r.refused.push({ id: it.e.id, reason: `the database refused this correction: ${(o.error as Error).message.split('\n').pop()?.slice(0, 300)}` });
          break;
        case 'retry':
          if ((it.p.deferrals ?? 0) < MAX_DEFERRALS) r.deferred.push(it.e);
          else r.refused.push({ id: it.e.id, reason: 'other versions of this event were being stored at the same time; send it again' });
          break;
      }
    });
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
    const insert = () =>
      this.prisma.$queryRawUnsafe<{ id: string; seq: bigint | number | string }[]>(
        `INSERT INTO clinical_event (id, patient_id, time, type, source, sender, channel, payload)
       SELECT e->>'id', e->>'patientId', (e->>'time')::timestamptz, e->>'type', e->>'source', g->>'s', g->>'c', e
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS b(g, gn), jsonb_array_elements(g->'e') WITH ORDINALITY AS x(e, n)
       ORDER BY gn, n
       ON CONFLICT (id, revision) DO NOTHING
       RETURNING id, seq`,
        JSON.stringify(groups),
      );
    let result: { id: string; seq: bigint | number | string }[];
    if (this.env.VIGIL_CLUSTER) {
      // Cluster: the partition owners tail the log by seq, so seqs must become visible in order. One
      // insert at a time cluster-wide (a transaction lock held to the commit) makes commit order seq
      // order: a reader that sees seq n has already seen every seq below it. NOTIFY wakes the tailers.
      const [, rows] = await this.prisma.$transaction([
        this.prisma.$queryRawUnsafe(`SELECT 1 FROM pg_advisory_xact_lock(${AdvisoryKeys.serial}, ${AdvisoryKeys.eventLogOrder})`),
        insert(),
        this.prisma.$queryRawUnsafe(`SELECT 1 FROM pg_notify('${EVENTS_CHANNEL}', '')`),
      ]);
      result = rows;
    } else result = await insert();
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
    await this.drain();
  }

  /** Commits everything queued and in flight and answers its callers (shutdown: SIGTERM loses no accepted event). */
  async drain() {
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

/** What one caller's events came to, while a batch settles. */
interface Tally {
  accepted: number;
  corrected: number;
  duplicates: number;
  refused: NonNullable<AppendResult['refused']>;
  /** The store became unavailable before all of them were settled: the caller retries. */
  cut: boolean;
  /** Put back in the queue (another version of their id settles first). */
  deferred: ClinicalEvent[];
}

function countIds(batch: Pending[]): Map<string, number> {
  const ids = new Map<string, number>();
  for (const p of batch) for (const e of p.events) ids.set(e.id, (ids.get(e.id) ?? 0) + 1);
  return ids;
}

function mergeResults(a: AppendResult, b: AppendResult): AppendResult {
  const corrected = (a.corrected ?? 0) + (b.corrected ?? 0);
  const refused = [...(a.refused ?? []), ...(b.refused ?? [])];
  return { accepted: a.accepted + b.accepted, duplicates: a.duplicates + b.duplicates, ...(corrected ? { corrected } : {}), ...(refused.length ? { refused } : {}) };
}
