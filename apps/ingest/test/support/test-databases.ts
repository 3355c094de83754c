import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { pgConfigFromUrl } from '../../src/database/database-connection';

export interface TestDatabase {
  kind: 'pglite' | 'postgresql';
  url?: string;
  drop(): Promise<void>;
}

/** Every integration suite runs against embedded PGlite, and against PostgreSQL when TEST_DATABASE_URL is set (CI). */
export const databaseKinds: ('pglite' | 'postgresql')[] = process.env['TEST_DATABASE_URL'] ? ['pglite', 'postgresql'] : ['pglite'];

export async function createTestDatabase(kind: 'pglite' | 'postgresql'): Promise<TestDatabase> {
  if (kind === 'pglite') return { kind, drop: async () => undefined };
  const adminUrl = process.env['TEST_DATABASE_URL']!;
  const name = `vigil_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client(pgConfigFromUrl(adminUrl));
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    kind,
    url: u.toString(),
    drop: async () => {
      const c = new Client(pgConfigFromUrl(adminUrl));
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
