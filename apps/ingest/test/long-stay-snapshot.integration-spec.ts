import type { ClinicalEvent } from '@vigil/contracts';
import { restoreEngine, RulesEngine, snapshotEngine } from '@vigil/rules';
import { openDatabase, type DatabaseConnection } from '../src/database/database-connection';
import { EngineSnapshotsRepository } from '../src/rules/engine-snapshots.repository';
import { SecurityAuditService } from '../src/auth/security-audit.service';
import type { Env } from '../src/config/env.schema';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/test-databases';

const DAYS = 3;
const T0 = Date.parse('2026-11-20T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One monitored patient over a long stay, as a bedside monitor sends it: vitals every 5 s, a 1-min
 * RR batch, and every 6 h a batch of 10,000 beats (the most one event may carry), ticked every 5 s.
 */
function longStay(engine: RulesEngine): number {
  let n = 0;
  const send = (e: Record<string, unknown>) => {
    engine.process(e as unknown as ClinicalEvent);
    n++;
  };
  send({ id: 'adm', patientId: 'P-LONG', time: iso(T0 - 60_000), type: 'admit', wardId: 'W1', bed: '1', weightKg: 70 });
  for (let s = 0; s < DAYS * 86_400; s += 5) {
    const t = iso(T0 + s * 1000);
    engine.tick(t);
    const hr = 70 + ((s / 5) % 11);
    const sbp = 110 + ((s / 5) % 13);
    send({ id: `v-${s}`, patientId: 'P-LONG', time: t, type: 'vitals', source: 'mon-1', hr, spo2: 96 + ((s / 5) % 4), rr: 14 + ((s / 5) % 5), sbp, dbp: Math.round(sbp * 0.55), map: Math.round(sbp * 0.7), method: 'arterial' });
    if (s % 60 === 0) {
      const beats = s % 21_600 === 0 ? 10_000 : hr;
      send({ id: `rr-${s}`, patientId: 'P-LONG', time: t, type: 'rr', source: 'mon-1', intervalsMs: Array.from({ length: beats }, (_, i) => Math.round(60_000 / hr) + (i % 9) - 4) });
    }
  }
  return n;
}

/**
 * A stack overflow ("Maximum call stack size exceeded") was once logged from engineSnapshot.create and
 * an audit write in a long, loaded PGlite run, and not reproduced (docs/DECISIONS.md, "Stack overflow
 * logged …"). The snapshot of the longest realistic single-patient stay is written, read back and
 * restored here on each database, and an audit write follows it.
 */
describe.each(databaseKinds)('an engine snapshot of a long monitored stay on %s', (kind) => {
  let testDb: TestDatabase | undefined;
  let db: DatabaseConnection | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: 'memory://' });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  }, 30_000);

  it(`${DAYS} days of 5-s vitals, 1-min RR batches and 10,000-beat batches: written, read back, restored; audit writes still work`, async () => {
    const engine = new RulesEngine();
    expect(longStay(engine)).toBeGreaterThan(DAYS * 17_280);
    const json = JSON.stringify(snapshotEngine(engine));
    const snapshots = new EngineSnapshotsRepository(db!.prisma, { VIGIL_SNAPSHOT_WRITE_DELAY_MS: 0 } as Env);
    const written = await snapshots.write({ throughSeq: 1n, events: 1, format: 1, engineFingerprint: 'long-stay', json });
    expect(written.bytes).toBe(json.length);

    const back = await snapshots.latest();
    expect(back?.id).toBe(written.id);
    const restored = restoreEngine(back!.document);
    expect(JSON.stringify(snapshotEngine(restored))).toBe(json);

    await new SecurityAuditService(db!.prisma).record({ actor: 'system', action: 'test.long_stay', outcome: 'ok', detail: { bytes: json.length } });
    expect(await db!.prisma.securityAudit.count({ where: { action: 'test.long_stay' } })).toBe(1);
  }, 180_000);
});
