import { connect } from 'node:net';
import { io } from 'socket.io-client';
import type { AlertTransition } from '@vigil/contracts';
import { startService, type ServiceProcess } from '@vigil/testing';
import { expectEventually } from './support/expect-eventually';

const frame = (m: string) => `\x0b${m}\x1c\r`;
const hl7Time = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';

/** An ORU^R01 with one NIBP reading for a patient, `minutesAgo` before now. */
function oru(controlId: string, patientId: string, sbp: number, minutesAgo: number) {
  const t = hl7Time(new Date(Date.now() - minutesAgo * 60_000));
  return [
    `MSH|^~\\&|MONITOR|ONC4|VIGIL|HOSP|${t}||ORU^R01^ORU_R01|${controlId}|P|2.6`,
    `PID|||${patientId}^^^HOSP^MR`,
    `OBR|1|||182777000^monitoring of patient^SNOMED-CT|||${t}`,
    `OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||${sbp}|266016^MDC_DIM_MMHG^MDC|||||F|||${t}`,
    `OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC||48|266016^MDC_DIM_MMHG^MDC|||||F|||${t}`,
  ].join('\r');
}

interface LogLine {
  level: number;
  msg: string;
  req?: { id: string };
  channel?: string;
}

/**
 * Request ids across channels, read from the service's own JSON log and its socket messages: an HTTP
 * request, a socket message and an MLLP message each get an id; the events they store carry it through
 * the rules queue onto the alert transitions they cause (socket `alert` message and a log line).
 */
describe('request ids on HTTP, socket and MLLP messages, into the rules queue and alert transitions', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startService({ MLLP_ALLOWED_PEERS: '127.0.0.1/32,::1' }, { timeoutMs: 120_000 });
  }, 150_000);
  afterAll(() => service?.stop(), 30_000);

  const logLines = (): LogLine[] =>
    service
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);

  it('carries the id from arrival to alert, and keeps patient ids out of info lines', async () => {
    const login = await fetch(`${service.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'physician', password: 'vigil-demo' }) });
    const { token } = (await login.json()) as { token: string };
    const socket = io(`${service.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const seen: AlertTransition[] = [];
    socket.on('alert', (t: AlertTransition) => seen.push(t));
    try {
      const ack = await new Promise<{ ok: boolean }>((resolve) => socket.emit('subscribe', { wardId: 'W-DEMO' }, resolve));
      expect(ack.ok).toBe(true);

      // HTTP: the client's X-Request-Id is on the hypotension raise its two readings cause.
      const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
      const res = await fetch(`${service.url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'demo-device-key', 'x-request-id': 'trace-hypo-http' },
        body: JSON.stringify([
          { id: 'rid-1', patientId: 'P-DEMO-03', time: minutesAgo(2), type: 'vitals', sbp: 84, dbp: 50, method: 'nibp' },
          { id: 'rid-2', patientId: 'P-DEMO-03', time: minutesAgo(1), type: 'vitals', sbp: 83, dbp: 49, method: 'nibp' },
        ]),
      });
      expect(res.status).toBe(202);
      const viaHttp = await expectEventually(() => {
        const t = seen.find((s) => s.type === 'raised' && s.alert.patientId === 'P-DEMO-03');
        expect(t).toBeDefined();
        return t!;
      }, 20_000);
      expect(viaHttp.requestId).toBe('trace-hypo-http');

      // MLLP: each message gets its own id; the raise carries the id of the message that caused it.
      const mllp = connect(service.mllpPort, '127.0.0.1');
      let acks = '';
      mllp.on('data', (d) => (acks += d.toString()));
      mllp.write(frame(oru('RID-M1', 'P-DEMO-02', 82, 2)) + frame(oru('RID-M2', 'P-DEMO-02', 81, 1)));
      await expectEventually(() => expect(acks.match(/MSA\|AA/g)).toHaveLength(2), 20_000);
      mllp.destroy();
      const viaMllp = await expectEventually(() => {
        const t = seen.find((s) => s.type === 'raised' && s.alert.patientId === 'P-DEMO-02');
        expect(t).toBeDefined();
        return t!;
      }, 20_000);
      await new Promise((r) => setTimeout(r, 300));
      const lines = logLines();
      const mllpLines = lines.filter((l) => l.channel === 'mllp' && /ORU\^R01 RID-M[12] AA$/.test(l.msg));
      expect(mllpLines).toHaveLength(2);
      expect(new Set(mllpLines.map((l) => l.req!.id)).size).toBe(2);
      expect(mllpLines.map((l) => l.req!.id)).toContain(viaMllp.requestId);

      // The transition's own log line, under the same ids, on the rules' side.
      for (const t of [viaHttp, viaMllp]) {
        expect(lines).toContainEqual(expect.objectContaining({ req: { id: t.requestId }, channel: 'rules', msg: `transition ${t.seq}: raised hypotension ${t.alert.severity}` }));
      }
      // The socket message (subscribe) has an id of its own.
      expect(lines.find((l) => l.channel === 'socket' && /^socket subscribe ward W-DEMO ok/.test(l.msg))?.req?.id).toMatch(/^[0-9a-f-]{36}$/);
      // Above debug, no line names a patient (alert ids embed the patient id: debug only).
      expect(lines.filter((l) => l.level > 20).map((l) => JSON.stringify(l)).join('\n')).not.toMatch(/P-DEMO-0\d/);
    } finally {
      socket.disconnect();
    }
  }, 120_000);
});
