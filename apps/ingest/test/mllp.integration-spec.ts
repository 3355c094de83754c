import { connect, type Socket } from 'node:net';
import { databaseKinds } from './support/test-databases';
import { startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { MllpServer } from '../src/mllp/mllp.server';

const VT = '\x0b';
const FS = '\x1c';
const CR = '\r';
const frame = (m: string) => `${VT}${m}${FS}${CR}`;

function oru(controlId: string, patientId: string, sbp: number, time = '20261126101500+0000') {
  return [
    `MSH|^~\\&|MONITOR|ONC4|VIGIL|HOSP|${time}||ORU^R01^ORU_R01|${controlId}|P|2.6`,
    `PID|||${patientId}^^^HOSP^MR||Moreau^Claire`,
    `OBR|1|||182777000^monitoring of patient^SNOMED-CT|||${time}`,
    `OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||${sbp}|266016^MDC_DIM_MMHG^MDC|||||F|||${time}`,
    `OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC||52|266016^MDC_DIM_MMHG^MDC|||||F|||${time}`,
    `OBX|3|NM|147842^MDC_ECG_HEART_RATE^MDC||118|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F|||${time}`,
  ].join(CR);
}

/** A real TCP client that collects ACKs (framed) as they arrive. */
function client(port: number): Promise<{ socket: Socket; acks: string[] }> {
  return new Promise((resolve, reject) => {
    const acks: string[] = [];
    let buffer = '';
    const socket = connect(port, '127.0.0.1', () => resolve({ socket, acks }));
    socket.on('error', reject);
    socket.on('data', (d) => {
      buffer += d.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf(FS + CR)) >= 0) {
        acks.push(buffer.slice(buffer.indexOf(VT) + 1, end));
        buffer = buffer.slice(end + 2);
      }
    });
  });
}

const msa = (ack: string) => ack.split(CR).find((s) => s.startsWith('MSA'))!.split('|');

describe.each(databaseKinds)('MLLP listener on %s', (kind) => {
  let app: TestApp;
  let port: number;
  beforeAll(async () => {
    app = await startTestApp(kind, { MLLP_EPHEMERAL: '1', MLLP_ADT_PEERS: '127.0.0.1/32,::1' });
    port = app.running.app.get(MllpServer).port;
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('ACKs several messages in one packet, in order, with MSA-2 echoing MSH-10, after storing them', async () => {
    const c = await client(port);
    c.socket.write(frame(oru(`${kind}-A1`, 'P-DEMO-01', 120)) + frame(oru(`${kind}-A2`, 'P-DEMO-01', 118, '20261126101600+0000')));
    await expectEventually(() => expect(c.acks).toHaveLength(2));
    expect(c.acks.map((a) => msa(a).slice(1, 3))).toEqual([
      ['AA', `${kind}-A1`],
      ['AA', `${kind}-A2`],
    ]);
    const physician = await app.login('physician');
    const exported = await app.request('GET', '/api/events/export?patientId=P-DEMO-01', { token: physician.token });
    const vitals = String(exported.body).trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type === 'vitals');
    expect(vitals.map((v) => v.sbp)).toEqual(expect.arrayContaining([120, 118]));
    c.socket.end();
  });

  it('handles a message split across packets from a slow sender, and garbage between frames', async () => {
    const c = await client(port);
    const bytes = Buffer.from('garbage\r\n' + frame(oru(`${kind}-B1`, 'P-DEMO-02', 101)) + 'more noise' + frame(oru(`${kind}-B2`, 'P-DEMO-02', 99)));
    for (let i = 0; i < bytes.length; i += 37) {
      c.socket.write(bytes.subarray(i, i + 37));
      await new Promise((r) => setTimeout(r, 5));
    }
    await expectEventually(() => expect(c.acks).toHaveLength(2));
    expect(c.acks.map((a) => msa(a)[2])).toEqual([`${kind}-B1`, `${kind}-B2`]);
    c.socket.end();
  });

  it('answers a resent message as a duplicate (AA, nothing stored twice) and a bad one with AE/AR and ERR', async () => {
    const c = await client(port);
    c.socket.write(frame(oru(`${kind}-A1`, 'P-DEMO-01', 120)));
    c.socket.write(frame(`MSH|^~\\&|MONITOR|ONC4|VIGIL|HOSP|20261126101500||ORU^R01|${kind}-C1|P|2.6\rOBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||90|266016^MDC_DIM_MMHG^MDC`));
    c.socket.write(frame('this is not hl7'));
    await expectEventually(() => expect(c.acks).toHaveLength(3));
    expect(msa(c.acks[0])[1]).toBe('AA');
    expect(msa(c.acks[1]).slice(1, 3)).toEqual(['AE', `${kind}-C1`]);
    expect(c.acks[1]).toMatch(/\rERR\|/);
    expect(['AR', 'AE']).toContain(msa(c.acks[2])[1]);
    const physician = await app.login('physician');
    const exported = await app.request('GET', '/api/events/export?patientId=P-DEMO-01', { token: physician.token });
    const ids = String(exported.body).trim().split('\n').map((l) => JSON.parse(l).id);
    expect(new Set(ids).size).toBe(ids.length);
    c.socket.end();
  });

  it('refuses one bad OBX of a vitals group with a W ERR naming it, and stores the group\'s valid values (§10)', async () => {
    const c = await client(port);
    const t = '20261126103000+0000';
    c.socket.write(
      frame(
        [
          `MSH|^~\\&|MONITOR|ONC4|VIGIL|HOSP|${t}||ORU^R01^ORU_R01|${kind}-F1|P|2.6`,
          'PID|||P-DEMO-03^^^HOSP^MR',
          `OBR|1|||vitals|||${t}`,
          'OBX|1|NM|8480-6^Systolic^LN||84|mm[Hg]|||||F',
          'OBX|2|NM|8310-5^Temperature^LN||-17.8|Cel|||||F',
          'OBX|3|NM|3150-0^Inhaled oxygen concentration^LN||40|%|||||F',
          'OBX|4|CWE|O2-DEVICE^Oxygen delivery device^VIGIL||NRB^Non-rebreather mask|||||F',
        ].join(CR),
      ),
    );
    await expectEventually(() => expect(c.acks).toHaveLength(1));
    expect(msa(c.acks[0]).slice(1, 3)).toEqual(['AA', `${kind}-F1`]);
    // ERR-2 locates OBX 2, field 5; severity W (the message was accepted).
    const err = c.acks[0].split(CR).filter((s) => s.startsWith('ERR'));
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^ERR\|\|OBX\^2\^5\|/);
    expect(err[0]).toMatch(/\|W\|/);
    expect(err[0]).toContain('temp refused');
    const physician = await app.login('physician');
    const exported = await app.request('GET', '/api/events/export?patientId=P-DEMO-03', { token: physician.token });
    const vitals = String(exported.body).trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type === 'vitals' && e.id.includes(`${kind}-F1`));
    expect(vitals).toEqual([expect.objectContaining({ sbp: 84, fio2Pct: 40, o2Device: 'non-rebreather' })]);
    expect(vitals[0].temp).toBeUndefined();
    c.socket.end();
  });

  it('admits from an ADT A01 without a weight, and the monitor feed that follows raises alerts on that ward', async () => {
    const patientId = `P-ADT-${kind}`;
    const a01 = [
      `MSH|^~\\&|ADT|HOSP|VIGIL|HOSP|20261126090000+0000||ADT^A01|${kind}-ADT1|P|2.5`,
      'EVN|A01|20261126090000+0000',
      `PID|||${patientId}^^^HOSP^MR||Okafor^Ben`,
      'PV1|1|I|ONC4^12^B',
    ].join(CR);
    const c = await client(port);
    const now = Date.now();
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
    c.socket.write(frame(a01.replace(/20261126090000\+0000/g, stamp(now - 10 * 60_000))));
    c.socket.write(frame(oru(`${kind}-ADT2`, patientId, 82, stamp(now - 3 * 60_000))));
    c.socket.write(frame(oru(`${kind}-ADT3`, patientId, 81, stamp(now - 2 * 60_000))));
    await expectEventually(() => expect(c.acks).toHaveLength(3));
    expect(c.acks.map((a) => msa(a)[1])).toEqual(['AA', 'AA', 'AA']);
    const admin = await app.login('admin');
    const alerts = await expectEventually(async () => {
      const r = await app.request('GET', `/api/alerts?patientId=${patientId}`, { token: admin.token });
      // Wait for the hypotension alert itself: a tachycardia recheck prompt may be raised first.
      const found = (r.body as { wardId: string; bed: string; rule: string }[]).filter((a) => a.rule === 'hypotension');
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(alerts[0]).toMatchObject({ wardId: 'ONC4', bed: 'B', rule: 'hypotension' });
    c.socket.end();
  });

  it('refuses a message with an observation beyond the future tolerance (AR, EVENT.FUTURE_TIME, nothing stored) and accepts one within it', async () => {
    const c = await client(port);
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
    // 8,000 h ahead, as a replay shifted the wrong way; then 2 min ahead (a monitor clock running fast, inside the default 5 min).
    c.socket.write(frame(oru(`${kind}-FT1`, 'P-DEMO-06', 77, stamp(Date.now() + 8_000 * 3_600_000))));
    c.socket.write(frame(oru(`${kind}-FT2`, 'P-DEMO-06', 78, stamp(Date.now() + 2 * 60_000))));
    await expectEventually(() => expect(c.acks).toHaveLength(2));
    expect(msa(c.acks[0]).slice(1, 3)).toEqual(['AR', `${kind}-FT1`]);
    const err = c.acks[0].split(CR).find((s) => s.startsWith('ERR'));
    expect(err).toMatch(/EVENT\.FUTURE_TIME time: .* ahead of the server clock \(tolerance 300 s\)/);
    expect(msa(c.acks[1]).slice(1, 3)).toEqual(['AA', `${kind}-FT2`]);
    const physician = await app.login('physician');
    const exported = await app.request('GET', '/api/events/export?patientId=P-DEMO-06', { token: physician.token });
    const sbps = String(exported.body).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.type === 'vitals').map((e) => e.sbp);
    expect(sbps).toContain(78);
    expect(sbps).not.toContain(77);
    c.socket.end();
  });

  it('survives a client that disconnects mid-message and keeps serving others', async () => {
    const dropped = await client(port);
    dropped.socket.write(VT + oru(`${kind}-D1`, 'P-DEMO-04', 100).slice(0, 60));
    dropped.socket.destroy();
    const c = await client(port);
    c.socket.write(frame(oru(`${kind}-D2`, 'P-DEMO-04', 100)));
    await expectEventually(() => expect(c.acks).toHaveLength(1));
    expect(msa(c.acks[0]).slice(1, 3)).toEqual(['AA', `${kind}-D2`]);
    c.socket.end();
  });
});

/** A connection the server closes: resolves with what it answered before closing (nothing, for a refused peer). */
function closedBy(port: number, write?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = connect(port, '127.0.0.1', () => write && socket.write(write));
    socket.on('data', (d) => (got += d.toString('utf8')));
    socket.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(got) : reject(e)));
    socket.on('close', () => resolve(got));
  });
}

const adtA01 = (controlId: string, patientId: string, name: string, ward: string) =>
  [`MSH|^~\\&|ADT|HOSP|VIGIL|HOSP|20261126090000+0000||ADT^A01|${controlId}|P|2.5`, 'EVN|A01|20261126090000+0000', `PID|||${patientId}^^^HOSP^MR||${name}`, `PV1|1|I|${ward}^12^B`].join(CR);

describe('MLLP allow-list by address (finding 4)', () => {
  let app: TestApp;
  let port: number;
  beforeAll(async () => {
    app = await startTestApp('pglite', { MLLP_EPHEMERAL: '1', MLLP_ALLOWED_PEERS: '10.9.8.0/24' });
    port = app.running.app.get(MllpServer).port;
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('closes a connection from an unlisted address before reading it, whatever MSH-3/MSH-4 claim', async () => {
    const answer = await closedBy(port, frame(oru('allow-1', 'P-DEMO-01', 120).replace('|MONITOR|ONC4|', '|TRUSTED-GW|demo-device-key|')));
    expect(answer).toBe('');
    const physician = await app.login('physician');
    const exported = await app.request('GET', '/api/events/export?patientId=P-DEMO-01', { token: physician.token });
    expect(String(exported.body)).not.toContain('allow-1');
  });
});

describe('MLLP peers without the ADT scope, caps and secrets (finding 4)', () => {
  let app: TestApp;
  let port: number;
  beforeAll(async () => {
    app = await startTestApp('pglite', { MLLP_EPHEMERAL: '1', MLLP_MAX_CONNECTIONS: '3', MLLP_IDLE_TIMEOUT_MS: '1500' });
    port = app.running.app.get(MllpServer).port;
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('refuses ADT from a loopback peer not on MLLP_ADT_PEERS: nobody is renamed, moved or discharged', async () => {
    const c = await client(port);
    c.socket.write(frame(adtA01('adt-x1', 'P-DEMO-02', 'Renamed^Mallory', 'EVIL')));
    await expectEventually(() => expect(c.acks).toHaveLength(1));
    expect(msa(c.acks[0]).slice(1, 3)).toEqual(['AR', 'adt-x1']);
    expect(c.acks[0]).toMatch(/EVENT.ADT_FORBIDDEN/);
    const physician = await app.login('physician');
    const p = await app.request('GET', '/api/patients/P-DEMO-02', { token: physician.token });
    expect(p.body).toMatchObject({ wardId: 'W-DEMO', displayName: 'B. Okafor' });
    c.socket.end();
  });

  it('never stores or echoes a device key sent as MSH-3 or MSH-4', async () => {
    const c = await client(port);
    c.socket.write(frame(oru('key-1', 'P-DEMO-01', 119).replace('|MONITOR|ONC4|', '|demo-device-key|ONC4|')));
    await expectEventually(() => expect(c.acks).toHaveLength(1));
    expect(msa(c.acks[0])[1]).toBe('AR');
    expect(c.acks[0]).not.toContain('demo-device-key');
    const physician = await app.login('physician');
    const exported = await app.request('GET', '/api/events/export?patientId=P-DEMO-01', { token: physician.token });
    expect(String(exported.body)).not.toContain('demo-device-key');
    c.socket.end();
  });

  it('refuses connections over MLLP_MAX_CONNECTIONS and closes idle ones', async () => {
    const open = await Promise.all([client(port), client(port), client(port)]);
    await expectEventually(() => expect(app.running.app.get(MllpServer).connections()).toBe(3));
    expect(await closedBy(port)).toBe('');
    // Still serving the ones it holds.
    open[0].socket.write(frame(oru('cap-1', 'P-DEMO-01', 118)));
    await expectEventually(() => expect(open[0].acks).toHaveLength(1));
    // Idle for longer than MLLP_IDLE_TIMEOUT_MS: closed by the server.
    await expectEventually(() => expect(open.every((c) => c.socket.destroyed || c.socket.readableEnded)).toBe(true), 10_000);
    await expectEventually(() => expect(app.running.app.get(MllpServer).connections()).toBe(0));
  });
});
