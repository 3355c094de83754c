import type { PGlite } from '@electric-sql/pglite';
import type { Client } from 'pg';

/** The two things migrations need from a database, whichever engine it is. */
export interface SqlRunner {
  /** Runs a script of one or more statements as one awaited round trip. */
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export function pgliteRunner(db: PGlite): SqlRunner {
  return {
    exec: async (script) => {
      await db.exec(script);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
  };
}

export function pgRunner(client: Client): SqlRunner {
  return {
    exec: async (script) => {
      await client.query(script);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
  };
}
