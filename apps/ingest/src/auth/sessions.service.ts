import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';

export const SESSION_REVOKED = 'session.revoked';
export interface SessionRevokedPayload {
  sessionIds: string[];
}

interface Known {
  userId: string;
  expiresAt: number;
  revoked: boolean;
  /** When this node last read the row (performance.now()). */
  readAt: number;
}

/** At most this many sessions kept in memory; others are read from the database when used. */
const MAX_CACHED = 20_000;
/** Ids per query when checking the sessions of open sockets. */
const CHECK_CHUNK = 1_000;

/**
 * The server-side session list behind every token: logout, password change, disabling a user and
 * an admin's revoke end sessions at once (tokens stop working, open sockets are disconnected).
 *
 * The database is the truth, so several nodes on one database agree: this node's copy of a session
 * is re-read when older than REVOCATION_CHECK_MS, so a session revoked on another node is refused
 * here within that time. Revocations made here take effect here at once.
 */
@Injectable()
export class SessionsService {
  private readonly known = new Map<string, Known>();
  private readonly maxAgeMs: number;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly bus: EventEmitter2,
    @Inject(ENV) env: Env,
  ) {
    this.maxAgeMs = env.REVOCATION_CHECK_MS;
  }

  async open(userId: string, ttlMs: number, address: string | undefined): Promise<{ id: string; expiresAt: Date }> {
    const id = randomBytes(18).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlMs);
    await this.prisma.authSession.create({ data: { id, userId, expiresAt, address: address ?? null } });
    this.remember(id, { userId, expiresAt: expiresAt.getTime(), revoked: false, readAt: performance.now() });
    return { id, expiresAt };
  }

  /** True while the session exists, belongs to the user, is not revoked and not expired. */
  async isActive(id: string, userId: string): Promise<boolean> {
    let k = this.known.get(id);
    // A revoked session stays revoked: no need to read it again.
    if (!k || (!k.revoked && performance.now() - k.readAt > this.maxAgeMs)) {
      const row = await this.prisma.authSession.findUnique({ where: { id } });
      if (!row) {
        this.known.delete(id);
        return false;
      }
      k = { userId: row.userId, expiresAt: row.expiresAt.getTime(), revoked: row.revokedAt !== null, readAt: performance.now() };
      this.remember(id, k);
    }
    return k.userId === userId && !k.revoked && k.expiresAt > Date.now();
  }

  /** Of these session ids, the ones that are revoked, expired or gone (read from the database: whichever node ended them). */
  async endedAmong(ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const ended: string[] = [];
    for (let i = 0; i < unique.length; i += CHECK_CHUNK) {
      const chunk = unique.slice(i, i + CHECK_CHUNK);
      const live = await this.prisma.authSession.findMany({ where: { id: { in: chunk }, revokedAt: null, expiresAt: { gt: new Date() } }, select: { id: true } });
      const alive = new Set(live.map((r) => r.id));
      for (const id of chunk) {
        if (alive.has(id)) continue;
        ended.push(id);
        const k = this.known.get(id);
        if (k) k.revoked = true;
      }
    }
    return ended;
  }

  async revoke(id: string) {
    await this.prisma.authSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    const k = this.known.get(id);
    if (k) k.revoked = true;
    this.bus.emit(SESSION_REVOKED, { sessionIds: [id] } satisfies SessionRevokedPayload);
  }

  /** Revokes every session of a user except `keep` (e.g. the one that changed the password). */
  async revokeAllOf(userId: string, keep?: string): Promise<number> {
    const rows = await this.prisma.authSession.findMany({ where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) }, select: { id: true } });
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    await this.prisma.authSession.updateMany({ where: { id: { in: ids } }, data: { revokedAt: new Date() } });
    for (const id of ids) {
      const k = this.known.get(id);
      if (k) k.revoked = true;
    }
    this.bus.emit(SESSION_REVOKED, { sessionIds: ids } satisfies SessionRevokedPayload);
    return ids.length;
  }

  private remember(id: string, k: Known) {
    if (this.known.size >= MAX_CACHED && !this.known.has(id)) this.known.delete(this.known.keys().next().value as string);
    this.known.set(id, k);
  }
}
