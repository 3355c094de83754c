import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations } from './migration-runner';
import { pgliteRunner } from './sql-runner';

function migrationsDir(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-mig-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('applyMigrations', () => {
  let db: PGlite;
  beforeEach(async () => {
    db = new PGlite();
    await db.waitReady;
  }, 30_000);
  afterEach(() => db.close());

  it('applies pending migrations once, in order, recording Prisma checksums', async () => {
    const sql1 = 'CREATE TABLE a (id int PRIMARY KEY);';
    const dir = migrationsDir({ '20260101000000_a': sql1, '20260102000000_b': 'CREATE TABLE b (id int REFERENCES a(id));' });
    expect(await applyMigrations(pgliteRunner(db), undefined, dir)).toEqual(['20260101000000_a', '20260102000000_b']);
    expect(await applyMigrations(pgliteRunner(db), undefined, dir)).toEqual([]);
    const rows = (await db.query<{ migration_name: string; checksum: string }>('SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name')).rows;
    expect(rows[0]).toEqual({ migration_name: '20260101000000_a', checksum: createHash('sha256').update(sql1).digest('hex') });
  }, 30_000);

  it('rolls a failing migration back completely and refuses to continue until it is resolved', async () => {
    const dir = migrationsDir({ '20260101000000_bad': 'CREATE TABLE half (id int); SELECT no_such_function();' });
    await expect(applyMigrations(pgliteRunner(db), undefined, dir)).rejects.toThrow(/20260101000000_bad failed/);
    expect((await db.query(`SELECT to_regclass('half') AS t`)).rows).toEqual([{ t: null }]);
    await expect(applyMigrations(pgliteRunner(db), undefined, dir)).rejects.toThrow(/P3009/);
  }, 30_000);
});
