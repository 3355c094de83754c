/**
 * What every service bench needs around its measurement: the PostgreSQL server it runs on
 * (BENCH_DATABASE_URL, or a throwaway one), a fresh database per measured setup, medians over
 * rounds, and a line naming the machine and its load (the machine is shared: figures are read
 * against the load they were measured under).
 */
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { startThrowawayPostgres } from '@vigil/testing';
import { pgConfigFromUrl } from '../src/database/database-connection';

export interface BenchPostgres {
  url: string;
  /** Whether the bench started the server itself (false: BENCH_DATABASE_URL). */
  throwaway: boolean;
  stop(): void;
}

/** BENCH_DATABASE_URL when set (left running), otherwise a throwaway server stopped by `stop()`. */
export async function benchPostgres(): Promise<BenchPostgres> {
  const given = process.env['BENCH_DATABASE_URL'];
  if (given) return { url: given, throwaway: false, stop: () => undefined };
  const pg = await startThrowawayPostgres();
  return { url: pg.url, throwaway: true, stop: () => pg.stop() };
}

/** Drops and creates database `name` on the server at `serverUrl`; returns its URL. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bench database name ${JSON.stringify(name)} must be a plain lower-case identifier`);
  const admin = new Client(pgConfigFromUrl(serverUrl));
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The middle value (the upper middle for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  return [...xs].sort((a, b) => a - b)[xs.length >> 1];
}

/** The 1-minute load average now. */
export function load1(): number {
  return loadavg()[0];
}

/** "2 cores (AMD EPYC), load average 8.5 4.4 3.9" */
export function machineLine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}
