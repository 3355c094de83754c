import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, Pool, type ClientConfig, type PoolConfig } from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { applyMigrations } from './migration-runner';
import { pgliteRunner, pgRunner } from './sql-runner';
import { AdvisoryKeys } from '../cluster/advisory-keys';
import { lockDataDir } from './data-dir-lock';
import { StartupError } from '../common/startup-error';

export interface DatabaseConnection {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgresql';
  /** Human-readable location, without credentials. */
  where: string;
  /** The PostgreSQL pool's connections (null on PGlite, which has one in-process connection). */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  /** Calls `listener` after each statement Prisma runs, with its SQL and duration (metrics). */
  onQuery(listener: (query: string, durationMs: number) => void): void;
  close(): Promise<void>;
}

/** Prisma with its per-statement `query` events on (emitted, never printed), typed as the plain client. */
function prismaWithQueryEvents(adapter: SqlDriverAdapterFactory) {
  // Generous waits: on a loaded 2-core host Prisma's 2 s default for starting a transaction is too tight.
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 30_000 }, log: [{ emit: 'event', level: 'query' }] as const });
  const onQuery = (listener: (query: string, durationMs: number) => void) => client.$on('query', (e) => listener(e.query, e.duration));
  return { prisma: client as unknown as PrismaClient, onQuery };
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
      await client.connect().catch((e: NodeJS.ErrnoException) => {
        throw new StartupError(`cannot reach the database at postgresql://${config.host}:${config.port}/${config.database ?? ''} (${e.code ?? e.message}): check DATABASE_URL and that PostgreSQL is running and accepts connections`, { cause: e });
      });
      try {
        // Nodes of a cluster start together: one migrates, the others wait and then find nothing to do.
        await client.query(`SELECT pg_advisory_lock(${AdvisoryKeys.serial}, ${AdvisoryKeys.migrations})`);
        await applyMigrations(pgRunner(client), log);
      } finally {
        await client.end();
      }
    }
    // Our own pool (not one PrismaPg makes inside) so its connections can be read for metrics.
    const pool = new Pool({ ...config, max: 10 });
    // An idle connection's error (a server restart, an administrator's terminate, or one still closing
    // after close(): pool.end() resolves before its sockets are closed) is logged. Prisma's adapter
    // listens only while connected; with no listener the pool's 'error' event would end the process.
    pool.on('error', (e: Error & { code?: string }) => log(`idle database connection lost (${e.code ?? e.message}); the pool opens a new one when needed`));
    const { prisma, onQuery } = prismaWithQueryEvents(new PrismaPg(pool));
    return {
      prisma,
      kind: 'postgresql',
      where: `postgresql://${config.host}:${config.port}/${config.database ?? ''}`,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      onQuery,
      close: async () => {
        await prisma.$disconnect();
        if (!pool.ended) await pool.end();
      },
    };
  }
  const dir = options.dataDir === 'memory://' ? undefined : resolve(options.dataDir, 'pgdata');
  if (dir) mkdirSync(dir, { recursive: true });
  const unlock = dir ? lockDataDir(resolve(options.dataDir)) : () => undefined;
  let pglite: PGlite;
  try {
    pglite = new PGlite(dir);
    await pglite.waitReady;
    if (options.migrate !== false) await applyMigrations(pgliteRunner(pglite), log);
  } catch (e) {
    unlock();
    throw e;
  }
  const { prisma, onQuery } = prismaWithQueryEvents(new PrismaPGlite(pglite));
  return {
    prisma,
    kind: 'pglite',
    where: dir ?? 'memory',
    poolStats: () => null,
    onQuery,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      unlock();
    },
  };
}
