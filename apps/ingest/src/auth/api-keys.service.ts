import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { hashApiKey } from './api-key-hash';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';

export interface DeviceKey {
  id: string;
  name: string;
  scopes: string[];
}

/** Unknown keys remembered at most this many at once (a flood of random keys cannot grow memory). */
const MAX_CACHED = 10_000;

/**
 * Device API keys (X-Api-Key on ingest routes). Only the hash is stored. A key revoked on this node
 * stops at once; one revoked on another node (same database) within REVOCATION_CHECK_MS, the
 * longest this node trusts its cached answer.
 */
@Injectable()
export class ApiKeysService {
  private cache = new Map<string, { key: DeviceKey | null; until: number }>();

  private readonly ttlMs: number;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(ENV) env: Pick<Env, 'REVOCATION_CHECK_MS'>,
  ) {
    this.ttlMs = env.REVOCATION_CHECK_MS;
  }

  /** The key's device, or null when the key is unknown or revoked. Cached briefly: ingest is a hot path. */
  async check(key: string | undefined): Promise<DeviceKey | null> {
    if (!key || key.length > 512) return null;
    const hash = hashApiKey(key);
    const hit = this.cache.get(hash);
    if (hit && hit.until > performance.now()) return hit.key;
    const row = await this.prisma.apiKey.findUnique({ where: { keyHash: hash } });
    const found = row && !row.revokedAt ? { id: row.id, name: row.name, scopes: row.scopes } : null;
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(hash, { key: found, until: performance.now() + this.ttlMs });
    return found;
  }

  cachedEntries(): number {
    return this.cache.size;
  }

  async create(id: string, name: string, key: string, scopes: string[] = []) {
    const data = { name, keyHash: hashApiKey(key), scopes, revokedAt: null };
    await this.prisma.apiKey.upsert({ where: { id }, create: { id, ...data }, update: data });
    this.cache.clear();
  }

  async list() {
    const rows = await this.prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map((k) => ({ id: k.id, name: k.name, scopes: k.scopes, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null }));
  }

  /** True when the key existed and is now revoked. */
  async revoke(id: string): Promise<boolean> {
    const r = await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    this.cache.clear();
    return r.count > 0;
  }

  async exists(id: string) {
    return (await this.prisma.apiKey.count({ where: { id } })) > 0;
  }

  async remove(id: string) {
    await this.prisma.apiKey.deleteMany({ where: { id } });
    this.cache.clear();
  }
}
