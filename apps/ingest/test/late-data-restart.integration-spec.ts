import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { episodes } from '@vigil/rules';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { RulesService } from '../src/rules/rules.service';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';

/**
 * §10 item 4: the live service, its restart rebuild (from the whole log, and from a snapshot plus the
 * log after it) and `vigil replay --offline` give the same episodes for the same events, delivered
 * late, out of order, resent and corrected by id, in arrival order; and the same episodes (DATA_GAP
 * aside: it is judged on arrival) as the offline replay of those events in effective-time order.
 */
const root = resolve(__dirname, '../../..');
const SCENARIOS = [
  'late-urine-corrected-same-id',
  'late-urine-corrected-volume-cancels',
  'late-creatinine-corrected-cancels',
  'late-creatinine-resulted-8h',
  'late-monitor-backfill-hypotension',
  'late-urine-batches-in-reverse',
  'late-urine-batch-oliguria-raises-once',
  'late-data-gap-resolves-once',
  'late-af-label-backfill',
  'late-duplicate-batch-ignored',
  'hypotension-late-event-withdraws',
  // A creatinine resulted 12 h late, beyond the 6-h horizon: the lab series (CREATININE and OLIGURIA).
  'late-creatinine-12h-oliguria-escalates',
];
const DAY = 86_400_000;
// After the demo ward's admissions (wall clock − 1 h), so the service's event clock (VIGIL_CLOCK=events)
// advances at every stream time exactly as the offline replay's does.
const BASE = Date.parse('2090-03-01T00:00:00.000Z');
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The scenarios one after another, a day apart, each on its own patient: one arrival-ordered stream. */
function lateStream(): ClinicalEvent[] {
  const out: ClinicalEvent[] = [];
  SCENARIOS.forEach((name, k) => {
    const lines = readFileSync(join(root, 'libs/rules/scenarios', `${name}.ndjson`), 'utf8').split('\n').filter((l) => l.trim());
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => typeof o['id'] === 'string');
    const first = Math.min(...events.map((e) => Date.parse(e['time'] as string)));
    const shift = BASE + k * DAY - first;
    for (const e of events) {
      const moved: Record<string, unknown> = {};
      for (const [f, v] of Object.entries(e)) moved[f] = typeof v === 'string' && ISO.test(v) ? new Date(Date.parse(v) + shift).toISOString() : v;
      moved['patientId'] = `L${k}-${String(e['patientId'])}`;
      out.push(moved as unknown as ClinicalEvent);
    }
  });
  return out;
}

/** How many events of the stream are sent again with their id and other content (corrections by id). */
function correctedIds(events: ClinicalEvent[]): number {
  const versions = new Map<string, Set<string>>();
  for (const e of events) versions.set(e.id, (versions.get(e.id) ?? new Set()).add(JSON.stringify(e)));
  return [...versions.values()].reduce((n, v) => n + v.size - 1, 0);
}

const patientsOf = (events: ClinicalEvent[]) => new Set(events.map((e) => e.patientId));
const key = (t: EngineTransition) => `${t.alert.id} ${t.type} ${new Date(t.at).toISOString()} ${t.alert.severity} ${t.alert.state}`;

async function offlineReplay(dir: string, name: string, events: ClinicalEvent[]): Promise<EngineTransition[]> {
  const file = join(dir, `${name}.ndjson`);
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const { NODE_OPTIONS: _vm, ...env } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'replay', file, '--offline', '--json', '--workers', '1'], { cwd: root, env, maxBuffer: 64 * 2 ** 20 });
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EngineTransition);
}

/** Sends each event in its own request, so the service sees them in exactly this order. */
async function deliver(app: TestApp, events: ClinicalEvent[]) {
  for (const e of events) {
    const r = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [e] });
    expect(r.status).toBe(202);
  }
  await app.running.app.get(RulesService).idle();
}

async function serviceTransitions(app: TestApp, patients: Set<string>): Promise<EngineTransition[]> {
  const prisma = app.running.app.get<PrismaClient>(PRISMA);
  const rows = await prisma.alertEvent.findMany({ where: { patientId: { in: [...patients] } }, orderBy: { seq: 'asc' } });
  return rows.map((r) => ({ type: r.type as EngineTransition['type'], at: r.at.toISOString(), alert: r.snapshot as unknown as EngineTransition['alert'] }));
}

describe.each(databaseKinds)('late and corrected data on %s: live, restart rebuild and offline replay agree', (kind) => {
  const stream = lateStream();
  const patients = patientsOf(stream);
  const byEffectiveTime = [...stream].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  let dir: string;
  let offline: { arrival: EngineTransition[]; effective: EngineTransition[] };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-late-restart-'));
    offline = { arrival: await offlineReplay(dir, 'arrival', stream), effective: await offlineReplay(dir, 'effective', byEffectiveTime) };
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the offline replays themselves: corrections cancel, arrival order changes no episode but DATA_GAP', () => {
    expect(stream.length).toBeGreaterThan(80);
    expect(new Set(stream.map((e) => e.id)).size).toBeLessThan(stream.length); // resends and corrections by id
    expect(correctedIds(stream)).toBeGreaterThanOrEqual(1);
    expect(offline.arrival.filter((t) => t.type === 'cancelled').length).toBeGreaterThanOrEqual(2);
    expect(offline.arrival.some((t) => t.effectiveAt && t.recordedAt)).toBe(true);
    expect(episodes(offline.arrival, ['data_gap'])).toEqual(episodes(offline.effective, ['data_gap']));
  });

  it.each([
    ['from the whole log', false],
    ['from a snapshot and the log after it', true],
  ])('restarted halfway, rebuilding %s: the same transitions and episodes as offline', async (_how, withSnapshot) => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const env = { VIGIL_DATA_DIR: dataDir, VIGIL_CLOCK: 'events', VIGIL_SNAPSHOT_EVERY_EVENTS: '0', VIGIL_SNAPSHOT_EVERY_S: '0' };
    const half = Math.floor(stream.length / 2);
    let app = await startTestApp(kind, env);
    try {
      await deliver(app, stream.slice(0, half));
      if (withSnapshot) await app.running.app.get(RulesService).snapshot();
      const db = app.db;
      await app.close({ keepDatabase: true });
      app = await startTestApp(kind, env, db);
      const prisma = app.running.app.get<PrismaClient>(PRISMA);
      expect(await prisma.engineSnapshot.count()).toBe(withSnapshot ? 1 : 0);
      await deliver(app, stream.slice(half));

      const live = await serviceTransitions(app, patients);
      expect(live.map(key)).toEqual(offline.arrival.filter((t) => patients.has(t.alert.patientId)).map(key));
      expect(episodes(live)).toEqual(episodes(offline.arrival));
      expect(episodes(live, ['data_gap'])).toEqual(episodes(offline.effective, ['data_gap']));
      // Corrections by id were stored beside the originals, not instead of them; identical resends were not stored.
      const revisions = await prisma.clinicalEvent.count({ where: { revision: { gt: 0 }, patientId: { in: [...patients] } } });
      expect(revisions).toBe(correctedIds(stream));
      expect(await prisma.clinicalEvent.count({ where: { patientId: { in: [...patients] } } })).toBe(new Set(stream.map((e) => JSON.stringify(e))).size);
    } finally {
      await app.close();
    }
  }, 240_000);
});
