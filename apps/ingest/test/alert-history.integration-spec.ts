import type { AlertTransition } from '@vigil/contracts';
import { parseCsv } from '@vigil/interop';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { UsersService } from '../src/auth/users.service';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { minutesAgo, subscribe } from './support/use-test-app';

const nibp = (id: string, patientId: string, m: number, sbp: number, map: number) => ({ id, patientId, time: minutesAgo(m), type: 'vitals', sbp, map, method: 'nibp' });

describe.each(databaseKinds)('alert history search and CSV export on %s', (kind) => {
  let app: TestApp;
  let seen: AlertTransition[];
  const prisma = () => app.running.app.get<PrismaClient>(PRISMA);

  beforeAll(async () => {
    app = await startTestApp(kind);
    await app.running.app.get(UsersService).upsert({ id: 'u-other-phys', username: 'otherphys', displayName: 'Other Ward Physician', role: 'physician', wardIds: ['W-OTHER'], password: 'vigil-demo' });
    const nurse = await app.login('nurse');
    const socket = app.connectLive(nurse.token);
    seen = [];
    socket.on('alert', (t) => seen.push(t));
    await subscribe(socket, 'W-DEMO');
    // Hypotension on four patients; one physician note with a formula and a comma, quotes and a line break.
    const patients = ['P-DEMO-01', 'P-DEMO-02', 'P-DEMO-03', 'P-DEMO-04'];
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: patients.flatMap((p, i) => [nibp(`h-${kind}-${p}-1`, p, 10 - i, 86, 64), nibp(`h-${kind}-${p}-2`, p, 9 - i, 85, 63)]) });
    await expectEventually(() => expect(new Set(seen.filter((t) => t.alert.severity === 'medium').map((t) => t.alert.patientId)).size).toBe(4));
    const physician = await app.login('physician');
    const target = seen.find((t) => t.alert.patientId === 'P-DEMO-02' && t.alert.severity === 'medium')!.alert;
    const ack = await app.request('POST', `/api/alerts/${encodeURIComponent(target.id)}/acknowledge`, { token: physician.token, body: { note: '=HYPERLINK("http://evil","x"), then "bolus"\nrecheck', disposition: 'fluids-given' } });
    expect(ack.status).toBe(200);
    // A bed of another ward whose alert the W-DEMO staff must never see.
    await prisma().alert.create({ data: { id: 'P-ELSEWHERE:hypotension:1', patientId: 'P-ELSEWHERE', wardId: 'W-OTHER', bed: '1', rule: 'hypotension', severity: 'high', state: 'active', openedAt: new Date(), updatedAt: new Date(), message: 'other ward', evidence: [], thresholds: { version: 1 }, lastSeq: 0n } });
  }, 90_000);
  afterAll(() => app?.close(), 30_000);

  it('filters by ward, patient, rule, severity, state and time, paginated by the server, newest first', async () => {
    const nurse = await app.login('nurse');
    const all = await app.request('GET', '/api/alert-history?wardId=W-DEMO&rule=hypotension&pageSize=2', { token: nurse.token });
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(4);
    expect(all.body.items).toHaveLength(2);
    const page2 = await app.request('GET', '/api/alert-history?wardId=W-DEMO&rule=hypotension&pageSize=2&page=2', { token: nurse.token });
    expect(page2.body.items).toHaveLength(2);
    const ids = [...all.body.items, ...page2.body.items].map((a: { id: string }) => a.id);
    expect(new Set(ids).size).toBe(4);
    const opened = [...all.body.items, ...page2.body.items].map((a: { openedAt: string }) => a.openedAt);
    expect([...opened].sort().reverse()).toEqual(opened);

    const acked = await app.request('GET', '/api/alert-history?wardId=W-DEMO&state=acknowledged', { token: nurse.token });
    expect(acked.body.items.map((a: { patientId: string }) => a.patientId)).toEqual(['P-DEMO-02']);
    const one = await app.request('GET', '/api/alert-history?patientId=P-DEMO-03&severity=medium,high', { token: nurse.token });
    expect(one.body.items.every((a: { patientId: string }) => a.patientId === 'P-DEMO-03')).toBe(true);
    expect(one.body.total).toBe(1);
    const future = await app.request('GET', `/api/alert-history?wardId=W-DEMO&from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`, { token: nurse.token });
    expect(future.body).toMatchObject({ total: 0, items: [] });
    const text = await app.request('GET', '/api/alert-history?q=p-demo-04', { token: nurse.token });
    expect(text.body.items.map((a: { patientId: string }) => a.patientId)).toEqual(['P-DEMO-04']);
  });

  it('is authorised per ward: other wards are out of reach, with a code; a bad filter names its field', async () => {
    const nurse = await app.login('nurse');
    const mine = await app.request('GET', '/api/alert-history?pageSize=200', { token: nurse.token });
    expect(mine.body.items.some((a: { wardId: string }) => a.wardId === 'W-OTHER')).toBe(false);
    expect(await app.request('GET', '/api/alert-history?wardId=W-OTHER', { token: nurse.token })).toMatchObject({ status: 403, body: { code: 'AUTH.WARD_FORBIDDEN' } });
    expect(await app.request('GET', '/api/alert-history/export.csv?wardId=W-OTHER', { token: nurse.token })).toMatchObject({ status: 403, body: { code: 'AUTH.WARD_FORBIDDEN' } });
    const other = await app.login('otherphys');
    const theirs = await app.request('GET', '/api/alert-history?patientId=P-DEMO-02', { token: other.token });
    expect(theirs.body).toMatchObject({ total: 0, items: [] });
    expect((await app.request('GET', '/api/alert-history', {})).status).toBe(401);
    const bad = await app.request('GET', '/api/alert-history?severity=urgent&pageSize=1000&from=yesterday', { token: nurse.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['from', 'pageSize', 'severity.0']);
  });

  it('exports CSV with proper escaping and no runnable formulas, audited', async () => {
    const nurse = await app.login('nurse');
    const res = await fetch(`${app.url}/api/alert-history/export.csv?wardId=W-DEMO&rule=hypotension`, { headers: { authorization: `Bearer ${nurse.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="vigil-alerts-W-DEMO-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    // RFC 4180: every record ends in CRLF (a bare LF only inside a quoted field).
    expect(text.replace(/"(?:[^"]|"")*"/g, '')).not.toMatch(/[^\r]\n/);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['alert_id', 'ward', 'bed', 'patient_id', 'patient_name', 'rule', 'severity', 'state', 'opened_at', 'acknowledged_at', 'acknowledged_by', 'ack_decision', 'ack_note', 'resolved_at', 'escalation_level', 'message']);
    expect(rows.slice(1).every((r) => r.length === rows[0].length)).toBe(true);
    const acked = rows.find((r) => r[3] === 'P-DEMO-02' && r[7] === 'acknowledged')!;
    expect(acked[12]).toBe('\'=HYPERLINK("http://evil","x"), then "bolus"\nrecheck');
    expect(rows.some((r) => r[1] === 'W-OTHER')).toBe(false);
    const audit = await prisma().securityAudit.findMany({ where: { action: 'alerts.export_csv' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'ok', target: 'ward:W-DEMO', detail: expect.objectContaining({ rows: rows.length - 1 }) });
  });
});
