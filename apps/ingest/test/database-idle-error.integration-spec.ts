import { Client } from 'pg';
import { openDatabase, pgConfigFromUrl } from '../src/database/database-connection';
import { createTestDatabase, type TestDatabase } from './support/test-databases';
import { expectEventually } from './support/expect-eventually';

// A connection pool exists only on a PostgreSQL server. CI sets TEST_DATABASE_URL.
const withServer = !!process.env['TEST_DATABASE_URL'];

(withServer ? describe : describe.skip)('an idle PostgreSQL connection that the server ends (needs TEST_DATABASE_URL)', () => {
  let testDb: TestDatabase | undefined;
  afterAll(async () => {
    await testDb?.drop();
  }, 30_000);

  it('is logged and replaced, never an unhandled error, also once Prisma has let go of the pool (as in close())', async () => {
    testDb = await createTestDatabase('postgresql');
    const lines: string[] = [];
    const db = await openDatabase({ databaseUrl: testDb.url, dataDir: 'memory://', log: (l) => lines.push(l) });
    try {
      await db.prisma.ward.count();
      // close() disconnects Prisma first (its adapter stops listening to the pool), then ends the pool.
      await db.prisma.$disconnect();
      expect(db.poolStats()?.idle).toBeGreaterThan(0);
      // What DROP DATABASE … WITH (FORCE) after close(), or a server restart, does to that connection.
      const admin = new Client(pgConfigFromUrl(process.env['TEST_DATABASE_URL']!));
      await admin.connect();
      const name = new URL(testDb.url!).pathname.slice(1);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await admin.end();
      await expectEventually(() => expect(lines.some((l) => l.includes('idle database connection lost (57P01)'))).toBe(true));
      expect(db.poolStats()?.total).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);
});
