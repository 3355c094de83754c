import { Inject, Injectable } from '@nestjs/common';
import type { AlertHistoryEntry, AlertTransition, EngineTransition } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { rowFromAlert } from './alert-row.mapper';

/** Persists engine transitions: the alert projection and its append-only audit row, in one transaction. */
@Injectable()
export class AlertTransitionsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async persist(transitions: EngineTransition[]): Promise<AlertTransition[]> {
    if (transitions.length === 0) return [];
    return this.prisma.$transaction(async (tx) => {
      const out: AlertTransition[] = [];
      for (const t of transitions) {
        const a = t.alert;
        const actor = t.type === 'acknowledged' ? a.acknowledgedBy : 'system';
        const row = rowFromAlert(a);
        await tx.alert.upsert({ where: { id: a.id }, create: { id: a.id, ...row, lastSeq: 0n }, update: row });
        const audit = await tx.alertEvent.create({
          data: { alertId: a.id, type: t.type, at: new Date(t.at), wardId: a.wardId, patientId: a.patientId, actor, snapshot: a },
          select: { seq: true },
        });
        await tx.alert.update({ where: { id: a.id }, data: { lastSeq: audit.seq } });
        out.push({ seq: Number(audit.seq), type: t.type, at: t.at, alert: a });
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
    return rows.map((r) => ({ seq: Number(r.seq), type: r.type as AlertTransition['type'], at: r.at.toISOString(), alert: r.snapshot as unknown as AlertTransition['alert'] }));
  }

  async currentSeq(): Promise<number> {
    const agg = await this.prisma.alertEvent.aggregate({ _max: { seq: true } });
    return Number(agg._max.seq ?? 0n);
  }

  async history(alertId: string): Promise<AlertHistoryEntry[]> {
    const rows = await this.prisma.alertEvent.findMany({ where: { alertId }, orderBy: { seq: 'asc' } });
    return rows.map((r) => ({ seq: Number(r.seq), type: r.type as AlertHistoryEntry['type'], at: r.at.toISOString(), recordedAt: r.recordedAt.toISOString(), actor: r.actor, alert: r.snapshot as unknown as AlertHistoryEntry['alert'] }));
  }
}
