import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { hostname } from 'node:os';
import { decodeLibraryState, encodeLibraryState, EngineSnapshotMismatchError, RulesEngine, restoreEngine, snapshotEngine, type EngineSnapshot } from '@vigil/rules';
import type { AlertTransition, ClinicalEvent, EngineTransition } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { AlertTransitionPublisher } from '../alerts/alert-transition-publisher';
import { PatientSummaryStore } from '../patients/patient-summary.store';
import { ReadinessService } from '../health/readiness.service';
import { feedPlaced } from '../rules/feed-placed';
import { derivedOf, type PatientDerived } from '../rules/patient-derived';
import { partitionOf, partitionSql } from './partition-of';
import { PartitionOwnership } from './partition-ownership';
import { PartitionFencedError, RulePartitionsRepository } from './rule-partitions.repository';
import { PatientDerivedRepository, type DerivedRow } from './patient-derived.repository';
import { ALERT_REBROADCAST } from './advisory-keys';

/** A ward-wide threshold change: logged under `ward:<id>`, it reaches every partition's engine. */
const wardWide = (e: ClinicalEvent) => e.type === 'thresholds' && e.scope === 'ward';

/** A partition's layout in rule_partition.snapshot; bump when it changes. */
const PARTITION_SNAPSHOT_VERSION = 1;
const TAIL_PAGE = 2_000;
const REPLAY_PAGE = 5_000;
/** After a takeover, the partition's transitions stored this recently are sent to the sockets again. */
const REBROADCAST_S = 15;

interface PartitionState {
  admitted: Set<string>;
  unassigned: Map<string, ClinicalEvent[]>;
  clock: string;
  lastTick: string;
}

interface PartitionSnapshot {
  kind: 'vigil.rules-partition';
  version: number;
  partition: number;
  partitions: number;
  engine: EngineSnapshot;
  state: ReturnType<typeof encodeLibraryState>;
}

/** One rules partition this node owns: its own engine, taken with `epoch`. */
interface Partition extends PartitionState {
  id: number;
  epoch: bigint;
  engine: RulesEngine;
  sinceSnapshot: number;
  snapshotAt: number;
  /** Patients whose derived state may have changed since it was last shared (written for the other nodes). */
  unshared: Set<string>;
  /** What was last shared per patient (JSON), so an unchanged state is not written again. */
  shared: Map<string, string>;
}

export interface Takeover {
  partition: number;
  epoch: string;
  ms: number;
  fromSeq: string;
  replayed: number;
  recovered: number;
}

/**
 * Cluster mode (VIGIL_CLUSTER=1): this node runs the rules of the partitions it owns. Ownership is a
 * PostgreSQL session advisory lock per partition (PartitionOwnership), balanced as nodes join and
 * leave (each aims for ceil(partitions / live nodes)); taking a partition moves its fencing epoch on,
 * so the previous owner can write nothing more for it. The node tails the event log by seq (woken by
 * NOTIFY, polled as a fallback): every event feeds the bed tiles, and an owned partition's events
 * feed its engine; ingest on any node thus reaches the owner with no second write. A takeover
 * restores the partition's snapshot, replays the log after it, and persists (and broadcasts) the
 * transitions the alert table lacks. Everything runs in one serial queue per node.
 */
@Injectable()
export class ClusterRulesService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Cluster');
  readonly node: string;
  private ownership: PartitionOwnership | null = null;
  private readonly repo: RulePartitionsRepository;
  private readonly derivedRepo: PatientDerivedRepository;
  private readonly parts = new Map<number, Partition>();
  /** Every stored event up to this seq has fed the bed tiles and the owned partitions. */
  private cursor = 0n;
  private work: Promise<unknown> = Promise.resolve();
  private readonly timers: NodeJS.Timeout[] = [];
  private closing = false;
  private tailQueued = false;
  private balanceQueued = false;
  private reconnecting: NodeJS.Timeout | null = null;
  /** Defaults for a patient whose owner has shared nothing yet. */
  private readonly fallback = new RulesEngine();
  readonly takeovers: Takeover[] = [];
  /** Live nodes at the last balance. */
  private members = 0;

  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly publisher: AlertTransitionPublisher,
    private readonly summaries: PatientSummaryStore,
    private readonly bus: EventEmitter2,
    private readonly readiness: ReadinessService,
  ) {
    this.node = env.VIGIL_NODE_ID ?? `${hostname()}:${process.pid}`;
    this.repo = new RulePartitionsRepository(prisma);
    this.derivedRepo = new PatientDerivedRepository(prisma);
  }

  /** Partitions this node owns now. */
  owned(): number[] {
    return [...this.parts.keys()].sort((a, b) => a - b);
  }

  ownsPatient(patientId: string): boolean {
    return this.parts.has(partitionOf(patientId, this.env.VIGIL_PARTITIONS));
  }

  /**
   * NEWS2, thresholds in force and dose schedule per patient: from this node's engine for a patient
   * it owns, else as the owner last shared them (patient_derived), else the defaults (nothing
   * shared yet: a patient with no data, or an owner still taking the partition over).
   */
  async derived(patientIds: readonly string[]): Promise<Map<string, PatientDerived>> {
    const out = new Map<string, PatientDerived>();
    const elsewhere: string[] = [];
    for (const id of patientIds) {
      const p = this.partOf(id);
      if (p) out.set(id, derivedOf(p.engine, id));
      else elsewhere.push(id);
    }
    const shared = await this.derivedRepo.read(elsewhere);
    for (const id of elsewhere) out.set(id, shared.get(id) ?? derivedOf(this.fallback, id));
    return out;
  }

  idle(): Promise<unknown> {
    return this.work;
  }

  private partOf(patientId: string): Partition | undefined {
    return this.parts.get(partitionOf(patientId, this.env.VIGIL_PARTITIONS));
  }

  /** Joins the cluster, catches the bed tiles up with the log, takes this node's share, then ticks and tails. */
  async start(): Promise<void> {
    this.readiness.phase = 'cluster: joining';
    await this.connect();
    this.readiness.phase = 'cluster: reading the event log for the bed tiles';
    await this.enqueue(() => this.tail(true));
    this.readiness.phase = 'cluster: taking this node\'s share of the rules partitions';
    await this.enqueue(() => this.balance());
    this.logger.log(`node ${this.node} joined the cluster; owns ${this.parts.size} of ${this.env.VIGIL_PARTITIONS} partitions; log at seq ${this.cursor}`);
    this.readiness.markReady();
    const every = (ms: number, job: () => void) => {
      const t = setInterval(job, ms);
      this.timers.push(t);
    };
    every(this.env.VIGIL_TAIL_POLL_MS, () => this.wake());
    every(this.env.VIGIL_BALANCE_MS, () => {
      if (this.balanceQueued || this.closing) return;
      this.balanceQueued = true;
      void this.enqueue(() => this.balance()).finally(() => (this.balanceQueued = false));
    });
    if (this.env.VIGIL_CLOCK !== 'events') every(this.env.TICK_INTERVAL_MS, () => void this.enqueue(() => this.tick(new Date().toISOString())));
  }

  private async connect() {
    const ownership = new PartitionOwnership(this.env.DATABASE_URL!);
    ownership.onWake(() => this.wake());
    ownership.onLost((why) => {
      if (this.closing) return;
      this.logger.error(`lost the ownership session (${why}): dropping ${this.parts.size} partition(s); PostgreSQL released their locks and other nodes take them over`);
      void this.enqueue(async () => this.parts.clear());
      this.scheduleReconnect();
    });
    await ownership.connect();
    this.ownership = ownership;
  }

  private scheduleReconnect() {
    if (this.reconnecting || this.closing) return;
    this.reconnecting = setTimeout(() => {
      this.reconnecting = null;
      this.connect().then(
        () => this.logger.log('ownership session restored; re-balancing'),
        (e) => {
          this.logger.warn(`cannot reconnect the ownership session (${(e as Error).message}); retrying`);
          this.scheduleReconnect();
        },
      );
    }, 1_000);
  }

  async beforeApplicationShutdown() {
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    if (this.reconnecting) clearTimeout(this.reconnecting);
    // Hand every partition over with a fresh snapshot, so the next owner replays little.
    await this.enqueue(async () => {
      for (const id of this.owned()) await this.handOver(id);
    }).catch(() => undefined);
    await this.ownership?.close();
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.work.then(job);
    this.work = next.catch((e) => this.logger.error(`cluster rules job failed: ${(e as Error).stack ?? e}`));
    return next;
  }

  /** Queues one tail read (a NOTIFY, the poll timer): further wakes meanwhile fold into it. */
  private wake() {
    if (this.tailQueued || this.closing) return;
    this.tailQueued = true;
    void this.enqueue(async () => {
      this.tailQueued = false;
      await this.tail();
    });
  }

  /**
   * Reads the log after the cursor: every event to the bed tiles, an owned partition's to its engine.
   * One page per job, then the rest is queued behind whatever waits (a re-balance after a node died
   * must not wait for a backlog); `all` reads to the end (a takeover must see everything committed).
   */
  private async tail(all = false) {
    const virtual = this.env.VIGIL_CLOCK === 'events';
    for (;;) {
      const rows = await this.prisma.clinicalEvent.findMany({ where: { seq: { gt: this.cursor } }, orderBy: { seq: 'asc' }, take: TAIL_PAGE, select: { seq: true, payload: true } });
      if (rows.length === 0) return;
      const out = new Map<number, EngineTransition[]>();
      const add = (p: Partition, ts: EngineTransition[]) => {
        if (ts.length === 0) return;
        const list = out.get(p.id);
        if (list) list.push(...ts);
        else out.set(p.id, ts);
      };
      for (const row of rows) {
        const e = row.payload as unknown as ClinicalEvent;
        this.summaries.apply(e);
        // Virtual time (VIGIL_CLOCK=events): every partition ticks at every event's time, as `replay --offline` does.
        if (virtual) for (const p of this.parts.values()) if (e.time > p.clock) add(p, p.engine.tick((p.clock = e.time)));
        // A ward's thresholds apply to its patients in every partition.
        if (wardWide(e)) {
          for (const q of this.parts.values()) {
            add(q, feedPlaced(q.engine, q.admitted, q.unassigned, e));
            q.sinceSnapshot++;
            for (const id of q.admitted) q.unshared.add(id);
          }
          continue;
        }
        const p = this.partOf(e.patientId);
        if (p) {
          add(p, feedPlaced(p.engine, p.admitted, p.unassigned, e));
          p.sinceSnapshot++;
          p.unshared.add(e.patientId);
        }
      }
      this.cursor = rows[rows.length - 1].seq;
      for (const [id, ts] of out) await this.publish(id, ts);
      await this.share();
      await this.snapshotsDue();
      if (rows.length < TAIL_PAGE) return;
      if (!all) return this.wake();
    }
  }

  private async tick(now: string) {
    for (const p of [...this.parts.values()]) {
      if (now <= p.lastTick) continue;
      p.lastTick = now;
      await this.publish(p.id, p.engine.tick(now));
    }
    await this.share();
    await this.snapshotsDue();
  }

  /**
   * Persists the partition's transitions under its epoch, then broadcasts them. Refused (another
   * node took the partition over): the partition is dropped here, its transitions are the new
   * owner's to write. The database unreachable: the chunk is retried, as the single node does.
   */
  private async publish(partition: number, out: EngineTransition[]) {
    const p = this.parts.get(partition);
    if (!p || out.length === 0) return;
    try {
      await this.publisher.publish(out, { closing: () => this.closing, fence: { partition, epoch: p.epoch } });
    } catch (e) {
      if (!(e instanceof PartitionFencedError)) throw e;
      this.logger.warn(`${e.message}; dropping it here`);
      this.parts.delete(partition);
      await this.ownership?.release(partition).catch(() => undefined);
    }
  }

  /**
   * Writes the derived state (NEWS2, thresholds, dose schedule) of the owned patients whose events
   * arrived since, where it changed, in one statement, so the other nodes answer with it. Not
   * written (the database unreachable): kept to retry at the next tail or tick.
   */
  private async share() {
    const rows: DerivedRow[] = [];
    for (const p of this.parts.values()) {
      for (const patientId of p.unshared) {
        const derived = derivedOf(p.engine, patientId);
        if (p.shared.get(patientId) !== JSON.stringify(derived)) rows.push({ patientId, partition: p.id, epoch: p.epoch, derived });
      }
    }
    try {
      await this.derivedRepo.write(rows, this.cursor);
    } catch (e) {
      this.logger.warn(`could not share the derived state of ${rows.length} patient(s), retrying later: ${(e as Error).message.split('\n').pop()}`);
      return;
    }
    for (const r of rows) this.parts.get(r.partition)?.shared.set(r.patientId, JSON.stringify(r.derived));
    for (const p of this.parts.values()) p.unshared.clear();
  }

  /** Takes or gives partitions so this node holds its share: ceil(partitions / live nodes). */
  private async balance() {
    const ownership = this.ownership;
    if (!ownership?.connected || this.closing) return;
    const total = this.env.VIGIL_PARTITIONS;
    const members = Math.max(1, await ownership.members());
    if (members !== this.members) this.logger.log(`${members} node(s) live (was ${this.members}); owns ${this.parts.size} of ${total} partitions`);
    this.members = members;
    const target = Math.ceil(total / members);
    if (this.parts.size > target) {
      const extra = this.owned().slice(target);
      for (const id of extra) await this.handOver(id);
      this.logger.log(`${members} node(s) live: handed ${extra.length} partition(s) over (${extra.join(', ')}); owns ${this.parts.size}`);
      return;
    }
    if (this.parts.size >= target) return;
    const held = await ownership.held();
    const free = [];
    for (let id = 0; id < total; id++) if (!held.has(id) && !this.parts.has(id)) free.push(id);
    if (free.length === 0) return;
    // Nodes start their search at different places, so two joining at once rarely race for the same lock.
    const offset = partitionOf(this.node, free.length);
    const order = [...free.slice(offset), ...free.slice(0, offset)];
    const acquired: number[] = [];
    for (const id of order) {
      if (this.parts.size + acquired.length >= target || this.closing) break;
      if (await ownership.tryAcquire(id)) acquired.push(id);
    }
    if (acquired.length === 0) return;
    let taken: number[];
    try {
      taken = await this.takeover(acquired);
    } catch (e) {
      for (const id of acquired) {
        this.parts.delete(id);
        await ownership.release(id).catch(() => undefined);
      }
      throw e;
    }
    if (taken.length) this.logger.log(`${members} node(s) live: took over ${taken.length} partition(s) (${taken.join(', ')}); owns ${this.parts.size}`);
  }

  /**
   * Makes this node the owner of partitions whose locks it has just taken, together: each epoch
   * moves on (a previous owner's in-flight write commits first or is refused), the tail catches up
   * with every event committed so far (so nothing a previous owner saw is unseen here), each
   * snapshot is restored, and one pass over the log after the oldest of them replays every
   * partition's events (ticking at every event's time, as the single node's rebuild does). The
   * transitions the alert table lacks are persisted under the new epochs and broadcast, after the
   * recently stored ones are broadcast again. Returns the partitions taken.
   */
  private async takeover(ids: number[]): Promise<number[]> {
    const t0 = performance.now();
    const taking = new Map<number, { p: Partition; from: bigint }>();
    for (const id of ids) {
      const claim = await this.repo.claim(id, this.node);
      const p: Partition = { id, epoch: claim.epoch, engine: new RulesEngine(), admitted: new Set(), unassigned: new Map(), clock: '', lastTick: '', sinceSnapshot: 0, snapshotAt: Date.now(), unshared: new Set(), shared: new Map() };
      let from = 0n;
      if (claim.skipped) this.logger.warn(`partition ${id}: snapshot skipped (${claim.skipped}); replaying its whole log`);
      if (claim.snapshot) {
        const restored = this.restore(id, claim.snapshot.document);
        if (restored) {
          Object.assign(p, restored);
          from = claim.snapshot.throughSeq;
        }
      }
      taking.set(id, { p, from });
    }
    await this.tail(true);
    const last = new Map<number, Map<string, EngineTransition>>(ids.map((id) => [id, new Map()]));
    const replayed = new Map<number, number>(ids.map((id) => [id, 0]));
    let after = [...taking.values()].reduce((min, t) => (t.from < min ? t.from : min), this.cursor);
    const fromOf = [...taking.values()];
    let slice = Date.now();
    while (after < this.cursor) {
      // Every event's time and partition, the payload only for the partitions being taken.
      const rows = await this.prisma.$queryRawUnsafe<{ seq: bigint; time: string; part: number; payload: ClinicalEvent | null }[]>(
        `SELECT seq, payload->>'time' AS time, part::int AS part, CASE WHEN part = ANY($4::int[]) OR (payload->>'type' = 'thresholds' AND payload->>'scope' = 'ward') THEN payload END AS payload
         FROM (SELECT seq, payload, ${partitionSql('patient_id', '$3')} AS part FROM clinical_event WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT ${REPLAY_PAGE}) page ORDER BY seq`,
        after,
        this.cursor,
        this.env.VIGIL_PARTITIONS,
        ids,
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        if (Date.now() - slice > 20) {
          await new Promise((resolve) => setImmediate(resolve));
          slice = Date.now();
        }
        const seq = BigInt(r.seq);
        for (const { p, from } of fromOf) {
          if (seq <= from) continue;
          const mine = last.get(p.id)!;
          if (r.time > p.clock) for (const t of p.engine.tick((p.clock = r.time))) mine.set(t.alert.id, t);
          if (!r.payload || (r.part !== p.id && !wardWide(r.payload))) continue;
          for (const t of feedPlaced(p.engine, p.admitted, p.unassigned, r.payload)) mine.set(t.alert.id, t);
          replayed.set(p.id, replayed.get(p.id)! + 1);
        }
      }
      after = BigInt(rows[rows.length - 1].seq);
    }
    const taken: number[] = [];
    for (const { p, from } of taking.values()) {
      p.sinceSnapshot = replayed.get(p.id)!;
      // The new owner shares every placed patient's state once (written again only where it changed).
      p.unshared = new Set(p.admitted);
      this.parts.set(p.id, p);
      const mine = last.get(p.id)!;
      const alertIds = [...mine.keys()];
      const recorded = new Map((alertIds.length ? await this.prisma.alert.findMany({ where: { id: { in: alertIds } }, select: { id: true, state: true, severity: true } }) : []).map((a) => [a.id, a]));
      const missing = [...mine.values()].filter((t) => {
        const r = recorded.get(t.alert.id);
        return !r || r.state !== t.alert.state || r.severity !== t.alert.severity;
      });
      await this.rebroadcast(p.id);
      await this.publish(p.id, missing);
      if (!this.parts.has(p.id)) continue; // fenced meanwhile
      taken.push(p.id);
      const done: Takeover = { partition: p.id, epoch: String(p.epoch), ms: Math.round(performance.now() - t0), fromSeq: String(from), replayed: replayed.get(p.id)!, recovered: missing.length };
      this.takeovers.push(done);
      if (this.takeovers.length > 1_000) this.takeovers.shift();
      this.logger.log(`took over partition ${p.id} (epoch ${done.epoch}) ${done.ms} ms after the claim began: snapshot through seq ${from} + ${done.replayed} event(s) replayed, ${missing.length} transition(s) recovered`);
      if (done.replayed >= 1_000) await this.snapshot(p);
    }
    await this.share();
    return taken;
  }

  /**
   * The previous owner may have died between committing a transition and broadcasting it: the
   * partition's transitions of the last REBROADCAST_S seconds go to the sockets again (clients drop
   * the repeats by seq; notifications and silences are not run again).
   */
  private async rebroadcast(id: number) {
    const rows = await this.prisma.$queryRawUnsafe<{ seq: bigint; type: string; at: Date; snapshot: AlertTransition['alert'] }[]>(
      `SELECT seq, type, at, snapshot FROM alert_event
       WHERE recorded_at > now() - make_interval(secs => ${REBROADCAST_S}) AND ${partitionSql('patient_id', '$1')} = $2 ORDER BY seq`,
      this.env.VIGIL_PARTITIONS,
      id,
    );
    for (const r of rows) this.bus.emit(ALERT_REBROADCAST, { seq: Number(r.seq), type: r.type as AlertTransition['type'], at: new Date(r.at).toISOString(), alert: r.snapshot } satisfies AlertTransition);
  }

  /** The partition's state from its snapshot, or null (another engine build, another layout: logged, the whole log is replayed). */
  private restore(id: number, document: unknown): Omit<Partition, 'id' | 'epoch' | 'sinceSnapshot' | 'snapshotAt' | 'unshared' | 'shared'> | null {
    const doc = document as Partial<PartitionSnapshot> | null;
    if (doc?.kind !== 'vigil.rules-partition' || doc.version !== PARTITION_SNAPSHOT_VERSION || doc.partition !== id || doc.partitions !== this.env.VIGIL_PARTITIONS || !doc.state) {
      this.logger.warn(`partition ${id}: snapshot of another layout or partitioning ignored; replaying its whole log`);
      return null;
    }
    try {
      const engine = restoreEngine(doc.engine);
      const state = decodeLibraryState(doc.state) as PartitionState;
      return { engine, admitted: state.admitted, unassigned: state.unassigned, clock: state.clock, lastTick: state.lastTick };
    } catch (e) {
      const why = e instanceof EngineSnapshotMismatchError ? `${e.reason}: ${e.message}` : (e as Error).message;
      this.logger.warn(`partition ${id}: snapshot ignored (${why}); replaying its whole log`);
      return null;
    }
  }

  /** Writes the partition's state through the cursor, under its epoch. */
  private async snapshot(p: Partition) {
    const state: PartitionState = { admitted: p.admitted, unassigned: p.unassigned, clock: p.clock, lastTick: p.lastTick };
    const doc: PartitionSnapshot = { kind: 'vigil.rules-partition', version: PARTITION_SNAPSHOT_VERSION, partition: p.id, partitions: this.env.VIGIL_PARTITIONS, engine: snapshotEngine(p.engine), state: encodeLibraryState(state) };
    p.sinceSnapshot = 0;
    p.snapshotAt = Date.now();
    await this.repo.writeSnapshot(p.id, p.epoch, this.cursor, JSON.stringify(doc));
  }

  private async snapshotsDue() {
    const everyEvents = this.env.VIGIL_PARTITION_SNAPSHOT_EVERY_EVENTS;
    const everyMs = this.env.VIGIL_SNAPSHOT_EVERY_S * 1000;
    for (const p of [...this.parts.values()]) {
      if (p.sinceSnapshot === 0) continue;
      const due = (everyEvents > 0 && p.sinceSnapshot >= everyEvents) || (everyMs > 0 && Date.now() - p.snapshotAt >= everyMs);
      if (!due) continue;
      try {
        await this.snapshot(p);
      } catch (e) {
        if (e instanceof PartitionFencedError) this.parts.delete(p.id);
        this.logger.warn(`partition ${p.id}: snapshot not written: ${(e as Error).message}`);
      }
    }
  }

  /** Gives a partition up: a snapshot for the next owner (best effort), then the lock. */
  private async handOver(id: number) {
    const p = this.parts.get(id);
    this.parts.delete(id);
    if (p) await this.snapshot(p).catch((e) => this.logger.warn(`partition ${id}: no snapshot at hand-over (${(e as Error).message}); the next owner replays more`));
    await this.ownership?.release(id).catch(() => undefined);
  }
}
