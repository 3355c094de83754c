import { Inject, Injectable } from '@nestjs/common';
import type { Alert, AlertHistoryEntry, AlertTransition, EngineTransition } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { rowFromAlert } from './alert-row.mapper';
import { AdvisoryKeys } from '../cluster/advisory-keys';
import { PartitionFencedError } from '../cluster/rule-partitions.repository';

/** Persists engine transitions: the alert projection and its append-only audit row, in one transaction. */
@Injectable()
export class AlertTransitionsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * A transition caused by late or corrected data (it carries `effectiveAt` and `recordedAt`) is
   * stored with both times, and its alert keeps the times of its first such transition as
   * `chartedLate` (how the alert came to be known late; usually its raise); the alert that is stored
   * and sent carries `chartedLate` too.
   *
   * `fence` (cluster mode): the partition these transitions belong to and the epoch this node took it
   * with. The transaction first takes the cluster-wide transition-order lock (so alert_event seqs
   * commit in seq order on every node: a client catching up `since` a seq misses nothing committed
   * later below it), then holds the partition's row FOR SHARE and refuses (PartitionFencedError)
   * when another node has taken the partition over since: a node that lost it writes nothing for it.
   *
   * `requestIds[i]`: the id of the request whose event caused `transitions[i]`, stored with its row
   * (`request_id`, returned in the alert's history); the returned transitions do not carry it (the
   * publisher adds it to the live message).
   */
  async persist(transitions: EngineTransition[], fence?: { partition: number; epoch: bigint }, requestIds: readonly (string | undefined)[] = []): Promise<AlertTransition[]> {
    if (transitions.length === 0) return [];
    return this.prisma.$transaction(async (tx) => {
      if (fence) {
        await tx.$queryRawUnsafe(`SELECT 1 FROM pg_advisory_xact_lock(${AdvisoryKeys.serial}, ${AdvisoryKeys.transitionOrder})`);
        const rows = await tx.$queryRawUnsafe<{ epoch: bigint }[]>('SELECT epoch FROM rule_partition WHERE partition = $1 FOR SHARE', fence.partition);
        if (rows.length === 0 || BigInt(rows[0].epoch) !== fence.epoch) throw new PartitionFencedError(fence.partition, fence.epoch);
      }
      const out: AlertTransition[] = [];
      for (const [i, t] of transitions.entries()) {
        const actor = t.type === 'acknowledged' ? t.alert.acknowledgedBy : 'system';
        const late = lateTimes(t);
        const row = rowFromAlert(t.alert);
        let stored = await tx.alert.upsert({ where: { id: t.alert.id }, create: { id: t.alert.id, ...row, lastSeq: 0n }, update: row, select: { lateEffectiveAt: true, lateRecordedAt: true } });
        if (late && !stored.lateEffectiveAt) stored = await tx.alert.update({ where: { id: t.alert.id }, data: { lateEffectiveAt: late.effectiveAt, lateRecordedAt: late.recordedAt }, select: { lateEffectiveAt: true, lateRecordedAt: true } });
        const a: Alert = { ...t.alert, chartedLate: stored.lateEffectiveAt && stored.lateRecordedAt ? { effectiveAt: stored.lateEffectiveAt.toISOString(), recordedAt: stored.lateRecordedAt.toISOString() } : null };
        const audit = await tx.alertEvent.create({
          data: { alertId: a.id, type: t.type, at: new Date(t.at), wardId: a.wardId, patientId: a.patientId, actor, snapshot: a, effectiveAt: late?.effectiveAt ?? null, dataRecordedAt: late?.recordedAt ?? null, requestId: requestIds[i] ?? null },
          select: { seq: true },
        });
        await tx.alert.update({ where: { id: a.id }, data: { lastSeq: audit.seq } });
        out.push({ seq: Number(audit.seq), type: t.type, at: t.at, alert: a, ...(late ? { effectiveAt: t.effectiveAt, recordedAt: t.recordedAt } : {}) });
      }
      return out;
    });
  }

  /**
   * Every transition of a ward after `since` up to `until`, in order: what a reconnecting client
   * missed. No cap: a client that was away a long time still gets all of it.
   */
  async since(wardId: string, since: number, until: number): Promise<AlertTransition[]> {
    const rows = await this.prisma.alertEvent.findMany({ where: { wardId, seq: { gt: BigInt(since), lte: BigInt(until) } }, orderBy: { seq: 'asc' } });
    return rows.map((r) => ({ seq: Number(r.seq), type: r.type as AlertTransition['type'], at: r.at.toISOString(), alert: r.snapshot as unknown as AlertTransition['alert'], ...lateFields(r) }));
  }

  async currentSeq(): Promise<number> {
    const agg = await this.prisma.alertEvent.aggregate({ _max: { seq: true } });
    return Number(agg._max.seq ?? 0n);
  }

  async history(alertId: string): Promise<AlertHistoryEntry[]> {
    const rows = await this.prisma.alertEvent.findMany({ where: { alertId }, orderBy: { seq: 'asc' } });
    return rows.map((r) => ({ seq: Number(r.seq), type: r.type as AlertHistoryEntry['type'], at: r.at.toISOString(), recordedAt: r.recordedAt.toISOString(), actor: r.actor, alert: r.snapshot as unknown as AlertHistoryEntry['alert'], ...lateFields(r), ...(r.requestId ? { requestId: r.requestId } : {}) }));
  }
}

/** The late-data times of an engine transition, as dates; null for a transition that was not late. */
function lateTimes(t: EngineTransition): { effectiveAt: Date; recordedAt: Date } | null {
  return t.effectiveAt && t.recordedAt ? { effectiveAt: new Date(t.effectiveAt), recordedAt: new Date(t.recordedAt) } : null;
}

/** `effectiveAt` and `recordedAt` of a stored transition caused by late data; nothing for the others. */
function lateFields(r: { effectiveAt: Date | null; dataRecordedAt: Date | null }): { effectiveAt?: string; recordedAt?: string } {
  return r.effectiveAt && r.dataRecordedAt ? { effectiveAt: r.effectiveAt.toISOString(), recordedAt: r.dataRecordedAt.toISOString() } : {};
}
