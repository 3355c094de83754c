import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents, type AlertTransition, type SubscribeAck } from '@vigil/contracts';
import { frameMllp, MllpDecoder, parseHl7 } from '@vigil/interop';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { NotificationsService } from '../src/notifications/notifications.service';
import { verifyWebhook } from '../src/notifications/webhook-signature';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type LiveClient, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

const SECRET = 'f3a9c1d27e8b4a6f9d0c2b5e7a1f3c4d';
const subscribe = (socket: LiveClient, wardId: string) => new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { wardId }, resolve));
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const nibp = (id: string, patientId: string, m: number, sbp: number, map: number) => ({ id, patientId, time: minutesAgo(m), type: 'vitals', sbp, map, method: 'nibp' });

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  status: number;
}

/** A real local HTTP receiver: the first request of each delivery id gets a 500, the next ones 200. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const failedOnce = new Set<string>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const id = String(req.headers['x-vigil-delivery']);
      const status = failedOnce.has(id) ? 200 : 500;
      failedOnce.add(id);
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/vigil?token=in-url`, received };
}

/** A real TCP MLLP peer (a paging gateway): answers AE to the first message of each alert level, AA after. */
async function startMllpPeer(): Promise<{ server: TcpServer; address: string; messages: { text: string; answered: string }[] }> {
  const messages: { text: string; answered: string }[] = [];
  const refusedOnce = new Set<string>();
  const server = createTcpServer((socket) => {
    const decoder = new MllpDecoder();
    socket.on('data', (chunk) => {
      for (const text of decoder.push(chunk).messages) {
        const parsed = parseHl7(text);
        if (!parsed.ok) continue;
        const m = parsed.message;
        const key = `${m.get('OBR-2')}:${m.all('OBX')[3]?.value(5)}`;
        const code = refusedOnce.has(key) ? 'AA' : 'AE';
        refusedOnce.add(key);
        messages.push({ text, answered: code });
        socket.write(frameMllp(`MSH|^~\\&|GW|HOSP|VIGIL|W|20261204101500||ACK^R40^ACK|A${messages.length}|P|2.6\rMSA|${code}|${m.controlId}${code === 'AE' ? '|gateway busy' : ''}`));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}`, messages };
}

describe.each(databaseKinds)('notifications out on escalation on %s: signed webhook and HL7 ORU^R40 over MLLP', (kind) => {
  let app: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let peer: Awaited<ReturnType<typeof startMllpPeer>>;
  let seen: AlertTransition[];

  beforeAll(async () => {
    receiver = await startReceiver();
    peer = await startMllpPeer();
    app = await startTestApp(kind, { VIGIL_WEBHOOK_URL: receiver.url, VIGIL_WEBHOOK_SECRET: SECRET, VIGIL_HL7_NOTIFY_PEER: peer.address, VIGIL_NOTIFY_BACKOFF_MS: '100' });
    const nurse = await app.login('nurse');
    const socket = app.connectLive(nurse.token);
    seen = [];
    socket.on('alert', (t) => seen.push(t));
    await subscribe(socket, 'W-DEMO');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    receiver?.server.close();
    peer?.server.close();
  }, 30_000);

  it('sends each escalation step once per channel, retries a failure with backoff, records the delivery, and verifies', async () => {
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`n-${kind}-1`, 'P-DEMO-01', 4, 74, 55), nibp(`n-${kind}-2`, 'P-DEMO-01', 3, 72, 54)] });
    const escalated = await expectEventually(() => {
      const t = seen.find((x) => x.type === 'escalated' && x.alert.patientId === 'P-DEMO-01');
      expect(t).toBeDefined();
      return t!;
    });
    const notifications = app.running.app.get(NotificationsService);
    const id = escalated.alert.id;
    const level = escalated.alert.escalationLevel;
    const hooks = () => receiver.received.filter((r) => JSON.parse(r.body).alert.id === id && JSON.parse(r.body).alert.escalationLevel === level);
    await expectEventually(() => expect(hooks().map((r) => r.status)).toEqual([500, 200]));

    // Signed: HMAC-SHA256 over "<timestamp>.<body>", a fresh timestamp, the same delivery id on the retry.
    for (const r of hooks()) {
      expect(verifyWebhook(SECRET, { timestamp: r.headers['x-vigil-timestamp'] as string, signature: r.headers['x-vigil-signature'] as string }, r.body, Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifyWebhook('another-secret-another-secret-xx', { timestamp: r.headers['x-vigil-timestamp'] as string, signature: r.headers['x-vigil-signature'] as string }, r.body, Math.floor(Date.now() / 1000))).toBe(false);
      // A replay later than the tolerance is refused by the receiver's check.
      expect(verifyWebhook(SECRET, { timestamp: r.headers['x-vigil-timestamp'] as string, signature: r.headers['x-vigil-signature'] as string }, r.body, Math.floor(Date.now() / 1000) + 301)).toBe(false);
    }
    expect(new Set(hooks().map((r) => r.headers['x-vigil-delivery']))).toEqual(new Set([`webhook:${id}:${level}`]));
    expect(JSON.parse(hooks()[1].body)).toMatchObject({ type: 'alert.escalated', alert: { id, patientId: 'P-DEMO-01', wardId: 'W-DEMO', severity: 'high', escalationLevel: level } });

    // HL7: the real MLLP peer refused once (AE), accepted the retry (AA).
    const oru = () => peer.messages.filter((m) => m.text.includes(id) && parseHl7(m.text).ok && (parseHl7(m.text) as { message: { all(n: string): { value(n: number): string }[] } }).message.all('OBX')[3].value(5) === String(level));
    await expectEventually(() => expect(oru().map((m) => m.answered)).toEqual(['AE', 'AA']));
    const parsed = parseHl7(oru()[1].text);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.message.messageType).toBe('ORU^R40');
    expect(parsed.message.get('PID-3.1')).toBe('P-DEMO-01');
    expect(parsed.message.get('PV1-3.1')).toBe('W-DEMO');
    expect(parsed.message.all('OBX')[1].value(5)).toBe('escalate');

    // Recorded, and shown in the alert's detail; the URL's query (a token) is not recorded.
    await notifications.settled();
    const physician = await app.login('physician');
    const detail = await app.request('GET', `/api/alerts/${encodeURIComponent(id)}`, { token: physician.token });
    const mine = detail.body.notifications.filter((n: { escalationLevel: number }) => n.escalationLevel === level);
    expect(mine).toEqual([
      expect.objectContaining({ channel: 'hl7', target: `mllp://${peer.address}`, status: 'delivered', attempts: 2, lastError: null }),
      expect.objectContaining({ channel: 'webhook', target: receiver.url.replace(/\?.*$/, ''), status: 'delivered', attempts: 2 }),
    ]);
    // And counted for the operator (GET /metrics): each channel once failed and retried, then delivered.
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    for (const channel of ['hl7', 'webhook'])
      for (const outcome of ['retrying', 'delivered']) expect(metrics).toMatch(new RegExp(`^vigil_notification_deliveries_total\\{channel="${channel}",outcome="${outcome}"\\} [1-9]`, 'm'));

    // Exactly once: the same escalation seen again (as a rebuild after a crash would) sends nothing more.
    app.running.app.get(EventEmitter2).emit(DomainEvents.AlertTransitioned, escalated);
    await new Promise((r) => setTimeout(r, 300));
    await notifications.settled();
    const rows = await app.running.app.get<PrismaClient>(PRISMA).notificationDelivery.count({ where: { alertId: id, escalationLevel: level } });
    expect(rows).toBe(2);
    expect(hooks()).toHaveLength(2);
    expect(oru()).toHaveLength(2);
  });
});
