import type { ClinicalEvent } from '@vigil/contracts';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';
import { EventStoreService } from '../src/events/event-store.service';

const now = () => new Date().toISOString();
const vitals = (id: string, extra: Record<string, unknown> = {}) => ({ id, patientId: 'P-DEMO-01', time: now(), type: 'vitals', hr: 80, ...extra });

/** Security review finding 6 (issue 17): one poison event failed every other device's data in its batch. */
describe.each(databaseKinds)('poison events on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('refuses a NUL or a lone surrogate in any string with code and path; the rest of the request is stored', async () => {
    // JSON escapes: the body is valid JSON, the strings are not storable text.
    const raw = `[${JSON.stringify(vitals(`ok-${kind}`))},{"id":"nul-${kind}","patientId":"P-DEMO-01","time":"${now()}","type":"vitals","hr":80,"source":"mon\\u0000itor"},{"id":"sur-${kind}","patientId":"P-DEMO-01","time":"${now()}","type":"neuro","acvpu":"A","notes":"\\ud800"}]`;
    const r = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, raw, contentType: 'application/json' });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: 1 });
    expect(r.body.rejected).toEqual([
      { index: 1, errors: [expect.objectContaining({ path: 'source', code: 'invalid_string' })] },
      { index: 2, errors: [expect.objectContaining({ path: 'notes', code: 'invalid_string' })] },
    ]);
  });

  it('an event the database refuses is refused alone; requests sharing its group commit are stored', async () => {
    const store = app.running.app.get(EventStoreService);
    // Past the contract (as a future mapping bug might be): the database itself must refuse it.
    const poison = { ...vitals(`poison-${kind}`), source: 'bad\u0000byte' } as ClinicalEvent;
    const others = Array.from({ length: 20 }, (_, i) => vitals(`iso-${kind}-${i}`) as ClinicalEvent);
    const [bad, ...good] = await Promise.all([
      store.append([poison, others[0]], { sender: 'key:k-bad', channel: 'rest' }),
      ...others.slice(1).map((e) => store.append([e], { sender: 'key:k-good', channel: 'rest' })),
    ]);
    expect(bad.accepted).toBe(1);
    expect(bad.refused).toEqual([{ id: `poison-${kind}`, reason: expect.stringMatching(/database refused/) }]);
    expect(good.map((g) => g.accepted)).toEqual(others.slice(1).map(() => 1));
  });

  it('a flood of poison from one device costs another device nothing (no 5xx, nothing lost)', async () => {
    const poisonRaw = (i: number) => `{"id":"fl-p-${kind}-${i}","patientId":"P-DEMO-02","time":"${now()}","type":"vitals","hr":80,"source":"\\u0000"}`;
    const statuses: number[] = [];
    let accepted = 0;
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const [p, g] = await Promise.all([
          app.request('POST', '/api/events', { apiKey: DEVICE_KEY, raw: poisonRaw(i), contentType: 'application/json' }),
          app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [vitals(`fl-g-${kind}-${i}`)] }),
        ]);
        statuses.push(p.status, g.status);
        accepted += g.body.accepted ?? 0;
      }),
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(accepted).toBe(60);
  });
});
