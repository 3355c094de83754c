import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, type ClientConfig, type PoolConfig } from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client';
import { applyMigrations } from './migration-runner';
import { pgliteRunner, pgRunner } from './sql-runner';

export interface DatabaseConnection {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgresql';
  /** Human-readable location, without credentials. */
  where: string;
  close(): Promise<void>;
}

/**
 * Host, port, user, password and database given separately: pg lets `connectionString` override
 * `database`, which once pointed a shadow-database step at the real one (STACK_NOTES.md).
 */
export function pgConfigFromUrl(url: string): ClientConfig & PoolConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
    ssl: u.searchParams.get('sslmode') === 'require' ? { rejectUnauthorized: false } : undefined,
  };
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  migrate?: boolean;
  log?: (line: string) => void;
}

/** Opens the embedded PGlite (no DATABASE_URL) or a PostgreSQL server, migrated to the latest schema. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseConnection> {
  const log = options.log ?? (() => undefined);
  if (options.databaseUrl) {
    const config = pgConfigFromUrl(options.databaseUrl);
    if (options.migrate !== false) {
      const client = new Client(config);
      await client.connect();
      try {
        await applyMigrations(pgRunner(client), log);
      } finally {
        await client.end();
      }
    }
    // Generous waits: on a loaded 2-core host Prisma's 2 s default for starting a transaction is too tight.
    const prisma = new PrismaClient({ adapter: new PrismaPg({ ...config, max: 10 }), transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
    return {
      prisma,
      kind: 'postgresql',
      where: `postgresql://${config.host}:${config.port}/${config.database ?? ''}`,
      close: () => prisma.$disconnect(),
    };
  }
  const dir = options.dataDir === 'memory://' ? undefined : resolve(options.dataDir, 'pgdata');
  if (dir) mkdirSync(dir, { recursive: true });
  const pglite = new PGlite(dir);
  await pglite.waitReady;
  if (options.migrate !== false) await applyMigrations(pgliteRunner(pglite), log);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
  return {
    prisma,
    kind: 'pglite',
    where: dir ?? 'memory',
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
