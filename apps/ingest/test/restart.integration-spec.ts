import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertTransition } from '@vigil/contracts';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const nibp = (id: string, m: number, sbp: number, map: number) => ({ id, patientId: 'P-DEMO-06', time: minutesAgo(m), type: 'vitals', sbp, map, method: 'nibp' });

describe.each(databaseKinds)('restart on %s: engine state rebuilt from the log', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-restart-'));
  let app: TestApp | undefined;
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('keeps an open alert across a restart, does not raise it again, and resolves it afterwards', async () => {
    const env = { VIGIL_DATA_DIR: dataDir };
    app = await startTestApp(kind, env);
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`rs-${kind}-1`, 40, 84, 61), nibp(`rs-${kind}-2`, 39, 83, 60)] });
    const physician = await app.login('physician');
    const [alert] = await expectEventually(async () => {
      const r = await app!.request('GET', '/api/alerts?wardId=W-DEMO&patientId=P-DEMO-06', { token: physician.token });
      expect(r.body).toHaveLength(1);
      return r.body as { id: string; lastSeq?: number }[];
    });
    const db = app.db;
    await app.close({ keepDatabase: true });

    app = await startTestApp(kind, env, db);
    const nurse = await app.login('nurse');
    const socket = app.connectLive(nurse.token);
    const seen: AlertTransition[] = [];
    socket.on('alert', (t) => seen.push(t));
    await new Promise((r) => socket.emit('subscribe', { wardId: 'W-DEMO' }, r));
    // Two normal NIBP readings spanning the 15-min resolve window (§6.0, §6.1).
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`rs-${kind}-3`, 17, 112, 80), nibp(`rs-${kind}-4`, 1, 114, 82)] });
    await expectEventually(() => expect(seen.find((t) => t.type === 'resolved')?.alert.id).toBe(alert.id));
    expect(seen.filter((t) => t.type === 'raised')).toEqual([]);
    const detail = await app.request('GET', `/api/alerts/${encodeURIComponent(alert.id)}`, { token: nurse.token });
    expect(detail.body.history.filter((h: { type: string }) => h.type === 'raised')).toHaveLength(1);
    expect(detail.body.state).toBe('resolved');
  }, 90_000);
});
