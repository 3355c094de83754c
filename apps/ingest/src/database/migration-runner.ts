import { randomUUID } from 'node:crypto';
import { readMigrations, migrationsDir } from './migration-files';
import type { SqlRunner } from './sql-runner';

/**
 * Applies prisma/migrations the way `prisma migrate deploy` does, without the native engine.
 * It keeps `_prisma_migrations` in Prisma's own format (checksum = sha256 of the file), so a machine
 * with the real CLI agrees with it. Unlike the adapters' split-on-semicolon path, each migration
 * runs as one script inside a transaction: a failure applies nothing, leaves a failed row, and the
 * next run stops (like Prisma's P3009) until someone resolves it.
 */
export async function applyMigrations(db: SqlRunner, log: (line: string) => void = () => undefined, dir = migrationsDir) {
  await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const rows = await db.query<{ migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown }>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
  );
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed) {
    throw new Error(
      `migration ${failed.migration_name} failed earlier (P3009): fix the database, then mark it rolled back ` +
        `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${failed.migration_name}') and run again`,
    );
  }
  const applied = new Map(rows.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]));
  const applyNow = [];
  for (const m of readMigrations(dir)) {
    const checksum = applied.get(m.name);
    if (checksum === undefined) applyNow.push(m);
    else if (checksum !== m.checksum) log(`warning: migration ${m.name} was edited after it was applied (checksum differs)`);
  }
  for (const m of applyNow) {
    const id = randomUUID();
    try {
      // The history row commits with the migration itself: either both happen or neither does.
      const name = m.name.replace(/'/g, "''");
      await db.exec(
        `BEGIN;\n${m.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, started_at, applied_steps_count) ` +
          `VALUES ('${id}', '${m.checksum}', '${name}', now(), now(), 1);\nCOMMIT;`,
      );
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined);
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, now(), 0)`,
        [id, m.checksum, m.name, String(error)],
      );
      throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
    }
    log(`applied migration ${m.name}`);
  }
  return applyNow.map((m) => m.name);
}
