import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { hashApiKey } from './api-key-hash';

/** Device API keys (X-Api-Key on ingest routes; MLLP peers may send one in MSH-3/MSH-4). */
@Injectable()
export class ApiKeysService {
  private cache = new Map<string, { name: string | null; until: number }>();

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The key's device name, or null when the key is unknown. Cached briefly: ingest is a hot path. */
  async check(key: string | undefined): Promise<string | null> {
    if (!key) return null;
    const hash = hashApiKey(key);
    const hit = this.cache.get(hash);
    if (hit && hit.until > performance.now()) return hit.name;
    const row = await this.prisma.apiKey.findUnique({ where: { keyHash: hash } });
    this.cache.set(hash, { name: row?.name ?? null, until: performance.now() + 30_000 });
    return row?.name ?? null;
  }

  async create(id: string, name: string, key: string) {
    await this.prisma.apiKey.upsert({ where: { id }, create: { id, name, keyHash: hashApiKey(key) }, update: { name, keyHash: hashApiKey(key) } });
    this.cache.clear();
  }
}
