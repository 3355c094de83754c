import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';

export const SESSION_REVOKED = 'session.revoked';
export interface SessionRevokedPayload {
  sessionIds: string[];
}

interface Known {
  userId: string;
  expiresAt: number;
  revoked: boolean;
}

/** At most this many sessions kept in memory; others are read from the database when used. */
const MAX_CACHED = 20_000;

/**
 * The server-side session list behind every token: logout, password change, disabling a user and
 * an admin's revoke end sessions at once (tokens stop working, open sockets are disconnected).
 */
@Injectable()
export class SessionsService {
  private readonly known = new Map<string, Known>();

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly bus: EventEmitter2,
  ) {}

  async open(userId: string, ttlMs: number, address: string | undefined): Promise<{ id: string; expiresAt: Date }> {
    const id = randomBytes(18).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlMs);
    await this.prisma.authSession.create({ data: { id, userId, expiresAt, address: address ?? null } });
    this.remember(id, { userId, expiresAt: expiresAt.getTime(), revoked: false });
    return { id, expiresAt };
  }

  /** True while the session exists, belongs to the user, is not revoked and not expired. */
  async isActive(id: string, userId: string): Promise<boolean> {
    let k = this.known.get(id);
    if (!k) {
      const row = await this.prisma.authSession.findUnique({ where: { id } });
      if (!row) return false;
      k = { userId: row.userId, expiresAt: row.expiresAt.getTime(), revoked: row.revokedAt !== null };
      this.remember(id, k);
    }
    return k.userId === userId && !k.revoked && k.expiresAt > Date.now();
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
    if (this.known.size >= MAX_CACHED) this.known.delete(this.known.keys().next().value as string);
    this.known.set(id, k);
  }
}
