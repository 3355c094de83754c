import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { PrismaClient } from '../prisma/generated/client';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface PartitionClaim {
  epoch: bigint;
  /** The partition's latest snapshot (parsed), or null: none, or its bytes fail their checksum. */
  snapshot: { throughSeq: bigint; document: unknown } | null;
  /** Why a stored snapshot was not usable (logged by the caller). */
  skipped?: string;
}

/** A write for a partition refused because another node took it over (its epoch moved on). */
export class PartitionFencedError extends Error {
  constructor(
    readonly partition: number,
    readonly epoch: bigint,
  ) {
    super(`partition ${partition} was taken over by another node (epoch ${epoch} is no longer current): nothing written for it`);
  }
}

/** rule_partition: fencing epochs and per-partition engine snapshots (cluster mode). */
export class RulePartitionsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Claims a partition whose advisory lock this node has just taken: the epoch moves on (so the
   * previous owner's writes are refused from now on) and the latest snapshot is returned. The update
   * waits for a write of the previous owner in flight (it holds the row FOR SHARE) to commit first.
   */
  async claim(partition: number, node: string): Promise<PartitionClaim> {
    const rows = await this.prisma.$queryRawUnsafe<{ epoch: bigint; snapshot_seq: bigint | null; snapshot: Uint8Array | null; snapshot_sha256: string | null }[]>(
      `INSERT INTO rule_partition (partition, epoch, owner, owned_at) VALUES ($1, 1, $2, now())
       ON CONFLICT (partition) DO UPDATE SET epoch = rule_partition.epoch + 1, owner = EXCLUDED.owner, owned_at = now()
       RETURNING epoch, snapshot_seq, snapshot, snapshot_sha256`,
      partition,
      node,
    );
    const row = rows[0];
    const epoch = BigInt(row.epoch);
    if (!row.snapshot || row.snapshot_seq === null) return { epoch, snapshot: null };
    const data = Buffer.from(row.snapshot);
    if (createHash('sha256').update(data).digest('hex') !== row.snapshot_sha256) return { epoch, snapshot: null, skipped: 'its bytes fail their checksum' };
    try {
      const document = JSON.parse((await gunzipAsync(data)).toString('utf8')) as unknown;
      return { epoch, snapshot: { throughSeq: BigInt(row.snapshot_seq), document } };
    } catch (e) {
      return { epoch, snapshot: null, skipped: `unreadable: ${(e as Error).message}` };
    }
  }

  /** Stores the partition's snapshot, only while `epoch` is still current. Returns the compressed size. */
  async writeSnapshot(partition: number, epoch: bigint, throughSeq: bigint, json: string): Promise<number> {
    const data = await gzipAsync(Buffer.from(json, 'utf8'), { level: 1 });
    const sha256 = createHash('sha256').update(data).digest('hex');
    const done = await this.prisma.rulePartition.updateMany({
      where: { partition, epoch },
      data: { snapshot: new Uint8Array(data), snapshotSha256: sha256, snapshotSeq: throughSeq, snapshotAt: new Date() },
    });
    if (done.count === 0) throw new PartitionFencedError(partition, epoch);
    return data.length;
  }
}
