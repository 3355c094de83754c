import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Snapshots kept: the newest and the one before it (a fallback should the newest be unreadable). */
const KEEP = 2;

export interface StoredSnapshot {
  id: bigint;
  throughSeq: bigint;
  events: bigint;
  bytes: number;
  /** The parsed JSON document (engine state and the rules service's own state). */
  document: unknown;
}

/**
 * Rules engine snapshots in the database. A snapshot is written in one transaction (insert, then
 * pruning older ones), so a crash mid-write leaves the previous snapshot in place; each carries the
 * checksum of its bytes, and start-up takes the newest whose bytes match it.
 */
@Injectable()
export class EngineSnapshotsRepository {
  private readonly logger = new Logger('Snapshots');

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async write(snapshot: { throughSeq: bigint; events: number; format: number; engineFingerprint: string; json: string }): Promise<{ id: bigint; bytes: number; compressed: number }> {
    const data = await gzipAsync(Buffer.from(snapshot.json, 'utf8'), { level: 1 });
    const sha256 = createHash('sha256').update(data).digest('hex');
    const delay = this.env.VIGIL_SNAPSHOT_WRITE_DELAY_MS;
    this.logger.log(`writing engine snapshot through seq ${snapshot.throughSeq} (${snapshot.events} events, ${snapshot.json.length} bytes, ${data.length} compressed)`);
    const id = await this.prisma.$transaction(
      async (tx) => {
        const row = await tx.engineSnapshot.create({
          data: { throughSeq: snapshot.throughSeq, format: snapshot.format, engineFingerprint: snapshot.engineFingerprint, events: BigInt(snapshot.events), bytes: snapshot.json.length, sha256, data: new Uint8Array(data) },
          select: { id: true },
        });
        // Fault-injection tests hold the transaction open here to kill the service mid-write.
        if (delay > 0) await tx.$queryRawUnsafe(`SELECT pg_sleep(${delay / 1000})`);
        const keep = await tx.engineSnapshot.findMany({ orderBy: { id: 'desc' }, take: KEEP, select: { id: true } });
        await tx.engineSnapshot.deleteMany({ where: { id: { lt: keep[keep.length - 1].id } } });
        return row.id;
      },
      { timeout: 120_000 + delay },
    );
    return { id, bytes: snapshot.json.length, compressed: data.length };
  }

  /** The newest snapshot whose bytes match their checksum and parse, or null; skipped ones are logged. */
  async latest(): Promise<StoredSnapshot | null> {
    const heads = await this.prisma.engineSnapshot.findMany({ orderBy: { id: 'desc' }, take: KEEP + 1, select: { id: true } });
    for (const { id } of heads) {
      const row = await this.prisma.engineSnapshot.findUnique({ where: { id } });
      if (!row) continue;
      const data = Buffer.from(row.data);
      if (createHash('sha256').update(data).digest('hex') !== row.sha256) {
        this.logger.warn(`engine snapshot ${row.id} (through seq ${row.throughSeq}) fails its checksum: skipped`);
        continue;
      }
      try {
        const document = JSON.parse((await gunzipAsync(data)).toString('utf8')) as unknown;
        return { id: row.id, throughSeq: row.throughSeq, events: row.events, bytes: row.bytes, document };
      } catch (e) {
        this.logger.warn(`engine snapshot ${row.id} is unreadable (${(e as Error).message}): skipped`);
      }
    }
    return null;
  }
}
