import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { WithClientView } from '../common/client-address';
import type { SessionUser } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';

export interface AuditEntry {
  /** user:<id>, key:<id>, anonymous:<username tried>, system */
  actor: string;
  action: string;
  target?: string;
  outcome: 'ok' | 'refused' | 'failed';
  address?: string;
  detail?: Record<string, unknown>;
}

/** The client's address: the TCP peer's, or the forwarded one behind a trusted proxy (TRUST_PROXY; docs/SECURITY.md). */
export function addressOf(req: IncomingMessage | undefined): string | undefined {
  const view = (req as WithClientView | undefined)?.vigilClient;
  if (view) return view.address;
  return req?.socket?.remoteAddress?.replace(/^::ffff:/, '') ?? undefined;
}

export const userActor = (u: SessionUser) => `user:${u.id}`;

/**
 * The append-only security audit trail (security_audit; database triggers refuse UPDATE and DELETE).
 * Recording never fails the request it describes: a write that fails is logged as an error instead.
 */
@Injectable()
export class SecurityAuditService {
  private readonly logger = new Logger('Audit');

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async record(e: AuditEntry): Promise<void> {
    try {
      await this.prisma.securityAudit.create({ data: { actor: e.actor, action: e.action, target: e.target ?? null, outcome: e.outcome, address: e.address ?? null, detail: (e.detail ?? undefined) as object | undefined } });
    } catch (error) {
      this.logger.error(`could not record audit ${e.action} by ${e.actor}: ${(error as Error).message.split('\n').pop()}`);
    }
    if (e.outcome !== 'ok') this.logger.warn(`${e.action} ${e.outcome}: ${e.actor}${e.target ? ` on ${e.target}` : ''}${e.address ? ` from ${e.address}` : ''}`);
  }

  async recent(limit: number, action?: string) {
    const rows = await this.prisma.securityAudit.findMany({ where: action ? { action } : undefined, orderBy: { id: 'desc' }, take: limit });
    return rows.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() }));
  }
}
