import { doseGateRecord, type DoseGateRecord, type WardPatient } from '@vigil/contracts';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { minutesAgo, useTestApp, watchWard } from './support/use-test-app';

/**
 * §10 "DOSE_GATE never says nothing", after the dose: the gate's last decision, its reasons and what
 * was done with the dose stay readable per dose, over REST and on the socket's closing transition.
 */
describe.each(databaseKinds)('the dose gate record per dose on %s', (kind) => {
  const started = useTestApp(kind);

  it('keeps the decision once the dose is documented as held, over REST and on the socket', async () => {
    const app = started();
    const { user: physician, seen } = await watchWard(app, 'physician', 'W-DEMO');

    // Dose 1 given 7 h ago: dose 2 is due in 1 h, so its T − 2 h checkpoint has passed and the gate decides at once.
    const dose1 = { id: `dd-${kind}-1`, patientId: 'P-DEMO-03', time: minutesAgo(7 * 60), type: 'dose', drug: 'aldesleukin', doseNumber: 1, status: 'given' };
    expect((await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [dose1] })).status).toBe(202);
    const open = await expectEventually(() => {
      const t = seen.find((x) => x.alert.rule === 'dose_gate' && x.type === 'raised');
      expect(t).toBeDefined();
      return t!;
    });
    // The bed tile's dose line: the last documented dose and the next one due, 8 h after it.
    const tile = async () => ((await app.request('GET', '/api/wards/W-DEMO/patients', { token: physician.token })).body as WardPatient[]).find((p) => p.id === 'P-DEMO-03');
    expect((await tile())?.dose).toEqual({ lastDose: { doseNumber: 1, time: new Date(dose1.time).toISOString(), status: 'given' }, nextDose: { doseNumber: 2, due: new Date(Date.parse(dose1.time) + 8 * 3_600_000).toISOString() } });
    const pending = doseGateRecord(open.alert);
    expect(pending).toMatchObject({ doseNumber: 2, outcome: 'pending' });
    expect(pending?.why).not.toBe('');

    const dose2 = { id: `dd-${kind}-2`, patientId: 'P-DEMO-03', time: minutesAgo(0), type: 'dose', drug: 'aldesleukin', doseNumber: 2, status: 'held', reason: 'gate' };
    expect((await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [dose2] })).status).toBe(202);
    const closed = await expectEventually(() => {
      const t = seen.find((x) => x.alert.rule === 'dose_gate' && x.type === 'resolved');
      expect(t).toBeDefined();
      return t!;
    });
    const record = doseGateRecord(closed.alert);
    expect(record).toMatchObject({ doseNumber: 2, decision: pending?.decision, why: pending?.why, outcome: 'held' });

    await expectEventually(async () => expect((await tile())?.dose).toEqual({ lastDose: { doseNumber: 2, time: new Date(dose2.time).toISOString(), status: 'held' }, nextDose: { doseNumber: 3, due: new Date(Date.parse(dose2.time) + 8 * 3_600_000).toISOString() } }));
    const single = await app.request('GET', '/api/patients/P-DEMO-03', { token: physician.token });
    expect(single.body.dose).toMatchObject({ lastDose: { doseNumber: 2, status: 'held' } });

    const rest = await expectEventually(async () => {
      const r = await app.request('GET', '/api/patients/P-DEMO-03/dose-decisions', { token: physician.token });
      expect(r.status).toBe(200);
      expect((r.body as DoseGateRecord[])[0]?.outcome).toBe('held');
      return r.body as DoseGateRecord[];
    });
    expect(rest[0]).toMatchObject({ alertId: closed.alert.id, doseNumber: 2, decision: record?.decision, why: record?.why, outcome: 'held' });

    expect(await app.request('GET', '/api/patients/NOPE/dose-decisions', { token: physician.token })).toMatchObject({ status: 404, body: { code: 'PATIENT.NOT_FOUND' } });
    expect((await app.request('GET', '/api/patients/P-DEMO-03/dose-decisions', {})).status).toBe(401);
  }, 60_000);
  it('gives a dose charted after the checkpoint it preceded the same record as in order: the published decision is withdrawn, the record says given', async () => {
    const app = started();
    const { user: physician, seen } = await watchWard(app, 'physician', 'W-DEMO');
    const pid = 'P-DEMO-01';
    // Dose 1 so that dose 2's T − 2 h checkpoint (dose 1 + 6 h) falls 2 s from now: the gate decides then.
    const pre = Date.now() + 2_000;
    const dose1 = { id: `dd-${kind}-late-1`, patientId: pid, time: new Date(pre - 6 * 3_600_000).toISOString(), type: 'dose', drug: 'aldesleukin', doseNumber: 1, status: 'given' };
    expect((await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [dose1] })).status).toBe(202);
    const published = await expectEventually(() => {
      const t = seen.find((x) => x.alert.patientId === pid && x.alert.rule === 'dose_gate' && x.type === 'raised');
      expect(t).toBeDefined();
      return t!;
    }, 20_000);
    // Dose 2 was given 1 s before that checkpoint, and is charted only now.
    const dose2 = { id: `dd-${kind}-late-2`, patientId: pid, time: new Date(pre - 1_000).toISOString(), type: 'dose', drug: 'aldesleukin', doseNumber: 2, status: 'given' };
    expect((await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [dose2] })).status).toBe(202);
    const closed = await expectEventually(() => {
      const t = seen.find((x) => x.alert.patientId === pid && x.alert.rule === 'dose_gate' && x.type === 'resolved');
      expect(t).toBeDefined();
      expect(seen.find((x) => x.alert.id === published.alert.id && x.type === 'cancelled')).toBeDefined();
      return t!;
    }, 20_000);
    expect(doseGateRecord(closed.alert)).toMatchObject({ doseNumber: 2, checkpoint: 'at dose', outcome: 'given', outcomeAt: dose2.time });
    const rest = await expectEventually(async () => {
      const r = await app.request('GET', `/api/patients/${pid}/dose-decisions`, { token: physician.token });
      expect((r.body as DoseGateRecord[]).map((d) => d.outcome)).toEqual(['given']);
      return r.body as DoseGateRecord[];
    });
    expect(rest[0]).toMatchObject({ alertId: closed.alert.id, outcome: 'given', outcomeAt: dose2.time });
  }, 60_000);
});
