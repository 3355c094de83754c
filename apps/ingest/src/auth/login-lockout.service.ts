import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';

/** A sign-in attempt's two lockout keys: the username tried and the client address. */
export const userKey = (username: string) => `u:${username}`;
export const addressKey = (address: string) => `a:${address}`;

/**
 * Failed sign-ins and locks, kept in the database so every node of a cluster counts the same
 * failures and refuses the same locked user or address. LOGIN_MAX_FAILURES for one user (or
 * LOGIN_MAX_FAILURES_PER_ADDRESS from one address) within LOGIN_LOCK_MINUTES lock it for as long:
 * every attempt, the right password included, is refused until then.
 */
@Injectable()
export class LoginLockoutService {
  private readonly windowMs: number;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(ENV) private readonly env: Env,
  ) {
    this.windowMs = env.LOGIN_LOCK_MINUTES * 60_000;
  }

  /** Milliseconds until none of `keys` is locked any more, or 0. */
  async retryAfterMs(keys: string[]): Promise<number> {
    const now = Date.now();
    const locks = await this.prisma.loginLock.findMany({ where: { key: { in: keys }, lockedUntil: { gt: new Date(now) } } });
    return locks.reduce((wait, l) => Math.max(wait, l.lockedUntil.getTime() - now), 0);
  }

  /** Counts a failure for the user and the address; says which one it locked, if any. */
  async fail(username: string, address: string): Promise<'user' | 'address' | null> {
    const now = new Date();
    const keys = [userKey(username), addressKey(address)];
    await this.prisma.loginFailure.createMany({ data: keys.map((key) => ({ key, at: now })) });
    const since = new Date(now.getTime() - this.windowMs);
    const counts = await this.prisma.loginFailure.groupBy({ by: ['key'], where: { key: { in: keys }, at: { gt: since } }, _count: { _all: true } });
    const count = (key: string) => counts.find((c) => c.key === key)?._count._all ?? 0;
    const lockedUser = count(keys[0]) >= this.env.LOGIN_MAX_FAILURES;
    const lockedAddress = count(keys[1]) >= this.env.LOGIN_MAX_FAILURES_PER_ADDRESS;
    for (const [key, locks] of [[keys[0], lockedUser], [keys[1], lockedAddress]] as const) {
      if (!locks) continue;
      const lockedUntil = new Date(now.getTime() + this.windowMs);
      await this.prisma.loginLock.upsert({ where: { key }, create: { key, lockedUntil }, update: { lockedUntil } });
      // The lock now holds them: counting starts again when it ends.
      await this.prisma.loginFailure.deleteMany({ where: { key, at: { lte: now } } });
    }
    await this.purge(since);
    return lockedUser ? 'user' : lockedAddress ? 'address' : null;
  }

  /** A successful sign-in clears the user's failures (not the address's: a spray from one address keeps counting). */
  async succeed(username: string) {
    await this.prisma.loginFailure.deleteMany({ where: { key: userKey(username) } });
  }

  private lastPurge = 0;
  /** Failures older than the window and ended locks are deleted (at most once a minute): the tables stay small. */
  private async purge(since: Date) {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.prisma.loginFailure.deleteMany({ where: { at: { lte: since } } });
    await this.prisma.loginLock.deleteMany({ where: { lockedUntil: { lte: new Date() } } });
  }
}
