/**
 * A worker thread holding some of bench:live's dashboard clients, so receiving and decoding 50 clients'
 * messages is spread over threads instead of queueing behind the load generator.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import type { AlertTransition, VitalsSnapshot } from '@vigil/contracts';

const { url, token, wardId, clients } = workerData as { url: string; token: string; wardId: string; clients: number };
const vitals: number[] = [];
const alerts: number[] = [];
const sockets: Socket[] = [];

async function start() {
  for (let c = 0; c < clients; c++) {
    const s = io(`${url}/live`, { auth: { token }, transports: ['websocket'], forceNew: true });
    s.on('vitals', (batch: VitalsSnapshot[]) => {
      const now = Date.now();
      for (const v of batch) vitals.push(now - Date.parse(v.time));
    });
    s.on('alert', (t: AlertTransition) => {
      if (t.type === 'raised') alerts.push(Date.now() - Date.parse(t.at));
    });
    await new Promise((r) => s.emit('subscribe', { wardId }, r));
    sockets.push(s);
  }
  parentPort!.postMessage({ kind: 'ready' });
}

parentPort!.on('message', (m: { kind: 'collect' | 'reset' | 'stop' }) => {
  if (m.kind === 'collect') parentPort!.postMessage({ kind: 'latencies', vitals: [...vitals], alerts: [...alerts] });
  if (m.kind === 'reset') {
    vitals.length = 0;
    alerts.length = 0;
    parentPort!.postMessage({ kind: 'reset-done' });
  }
  if (m.kind === 'stop') {
    for (const s of sockets) s.disconnect();
    process.exit(0);
  }
});

void start();
