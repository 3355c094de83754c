import type { AlertDetail } from '@vigil/contracts';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { minutesAgo, useTestApp, watchWard } from './support/use-test-app';

/**
 * The request id a transition carries live (issue 23) is stored in alert_event.request_id and returned
 * in the alert's history: the raise under the id of the device's POST, the acknowledgement under the
 * physician's request.
 */
describe.each(databaseKinds)('request ids stored with alert transitions on %s', (kind) => {
  const app = useTestApp(kind);
  const prisma = (a: TestApp) => a.running.app.get<PrismaClient>(PRISMA);

  it('stores the causing request id and returns it in GET /api/alerts/:id history', async () => {
    const { user, seen } = await watchWard(app(), 'physician', 'W-DEMO');
    const post = (path: string, requestId: string, body: unknown, auth: Record<string, string>) =>
      fetch(`${app().url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...auth }, body: JSON.stringify(body) });
    const events = [
      { id: `rq-${kind}-1`, patientId: 'P-DEMO-03', time: minutesAgo(2), type: 'vitals', sbp: 84, dbp: 50, method: 'nibp' },
      { id: `rq-${kind}-2`, patientId: 'P-DEMO-03', time: minutesAgo(1), type: 'vitals', sbp: 83, dbp: 49, method: 'nibp' },
    ];
    expect((await post('/api/events', 'trace-raise', events, { 'x-api-key': DEVICE_KEY })).status).toBe(202);
    const raised = await expectEventually(() => {
      const t = seen.find((s) => s.type === 'raised' && s.alert.patientId === 'P-DEMO-03');
      expect(t).toBeDefined();
      return t!;
    }, 20_000);
    expect(raised.requestId).toBe('trace-raise');
    const row = await prisma(app()).alertEvent.findUnique({ where: { seq: BigInt(raised.seq) } });
    expect(row?.requestId).toBe('trace-raise');

    const id = encodeURIComponent(raised.alert.id);
    expect((await post(`/api/alerts/${id}/acknowledge`, 'trace-ack', { note: 'seen' }, { authorization: `Bearer ${user.token}` })).status).toBe(200);
    const detail = await app().request('GET', `/api/alerts/${id}`, { token: user.token });
    expect(detail.status).toBe(200);
    const history = (detail.body as AlertDetail).history;
    expect(history.find((h) => h.seq === raised.seq)?.requestId).toBe('trace-raise');
    expect(history.find((h) => h.type === 'acknowledged')?.requestId).toBe('trace-ack');
  });
});
