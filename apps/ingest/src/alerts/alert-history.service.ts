import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ALERT_EXPORT_MAX_ROWS, alertHistoryQuerySchema, ErrorCodes, toFieldErrors, type AlertHistoryPage, type AlertHistoryQuery, type SessionUser } from '@vigil/contracts';
import type { PrismaClient, Prisma } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ApiError } from '../common/api-error';
import { assertWardAccess } from '../auth/ward-access';
import { SecurityAuditService, addressOf, userActor } from '../auth/security-audit.service';
import { csvRow } from '../common/csv-writer';
import { alertFromRow } from './alert-row.mapper';

const CSV_COLUMNS = ['alert_id', 'ward', 'bed', 'patient_id', 'patient_name', 'rule', 'severity', 'state', 'opened_at', 'acknowledged_at', 'acknowledged_by', 'ack_decision', 'ack_note', 'resolved_at', 'escalation_level', 'message'];

/** Alert history search, paginated in the database, and its CSV export: only the wards the user may see. */
@Injectable()
export class AlertHistoryService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly audit: SecurityAuditService,
  ) {}

  parse(query: unknown): AlertHistoryQuery {
    const parsed = alertHistoryQuerySchema.safeParse(query ?? {});
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'filters: wardId, patientId, rule, severity, state (comma-separated), from, to (ISO times), q, page, pageSize (≤ 200), each at most once', toFieldErrors(parsed.error));
    return parsed.data;
  }

  async search(user: SessionUser, query: unknown): Promise<AlertHistoryPage> {
    const q = this.parse(query);
    const where = this.where(user, q);
    const [total, rows] = await Promise.all([
      this.prisma.alert.count({ where }),
      this.prisma.alert.findMany({ where, orderBy: [{ openedAt: 'desc' }, { id: 'asc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ]);
    return { items: rows.map(alertFromRow), total, page: q.page, pageSize: q.pageSize };
  }

  /** The whole filtered history as CSV (newest first), audited: an export leaves the system with patient data. */
  async exportCsv(user: SessionUser, query: unknown, req?: Request): Promise<{ filename: string; body: string; rows: number }> {
    const q = this.parse(query);
    const where = this.where(user, q);
    const total = await this.prisma.alert.count({ where });
    if (total > ALERT_EXPORT_MAX_ROWS) throw new ApiError(400, ErrorCodes.BodyInvalid, `${total} alerts match; an export holds at most ${ALERT_EXPORT_MAX_ROWS}: narrow the time range or the filters`);
    const rows = await this.prisma.alert.findMany({ where, orderBy: [{ openedAt: 'desc' }, { id: 'asc' }] });
    const names = new Map((await this.prisma.patient.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.patientId))] } }, select: { id: true, displayName: true } })).map((p) => [p.id, p.displayName]));
    let body = csvRow(CSV_COLUMNS);
    for (const r of rows) {
      body += csvRow([r.id, r.wardId, r.bed, r.patientId, names.get(r.patientId) ?? null, r.rule, r.severity, r.state, r.openedAt.toISOString(), r.acknowledgedAt?.toISOString() ?? null, r.acknowledgedBy, r.ackDisposition, r.ackNote, r.resolvedAt?.toISOString() ?? null, r.escalationLevel, r.message]);
    }
    const { page: _page, pageSize: _size, ...filters } = q;
    await this.audit.record({ actor: userActor(user), action: 'alerts.export_csv', target: q.wardId ? `ward:${q.wardId}` : undefined, outcome: 'ok', address: addressOf(req), detail: { filters, rows: rows.length } });
    const day = new Date().toISOString().slice(0, 10);
    return { filename: `vigil-alerts-${(q.wardId ?? 'all-wards').replace(/[^A-Za-z0-9_-]/g, '_')}-${day}.csv`, body, rows: rows.length };
  }

  private where(user: SessionUser, q: AlertHistoryQuery): Prisma.AlertWhereInput {
    if (q.wardId) assertWardAccess(user, q.wardId);
    const wardId = q.wardId ?? (user.role === 'admin' ? undefined : { in: user.wardIds });
    return {
      wardId,
      patientId: q.patientId,
      rule: q.rule ? { in: q.rule } : undefined,
      severity: q.severity ? { in: q.severity } : undefined,
      state: q.state ? { in: q.state } : undefined,
      openedAt: q.from || q.to ? { gte: q.from ? new Date(q.from) : undefined, lte: q.to ? new Date(q.to) : undefined } : undefined,
      OR: q.q ? [{ message: { contains: q.q, mode: 'insensitive' } }, { patientId: { contains: q.q, mode: 'insensitive' } }] : undefined,
    };
  }
}
