import type { PrismaClient } from '../prisma/generated/client';
import { readMigrations } from '../database/migration-files';

export interface SchemaStatus {
  /** The latest migration applied to the database (its directory name), or null on an empty one. */
  schemaVersion: string | null;
  /** Migrations this build ships that the database has not applied. */
  pendingMigrations: string[];
}

const shipped = readMigrations().map((m) => m.name);

/** The database's schema against the migrations this build carries (`GET /ready`, `GET /version`). */
export async function schemaStatus(prisma: PrismaClient): Promise<SchemaStatus> {
  const rows = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return { schemaVersion: rows.at(-1)?.migration_name ?? null, pendingMigrations: shipped.filter((m) => !applied.has(m)) };
}
