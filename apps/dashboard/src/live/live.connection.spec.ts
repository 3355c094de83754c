import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertTransition, VitalsSnapshot } from '@vigil/contracts';
import { LiveConnection, type ConnectionInfo, type SubscribedAck } from './live.connection';
import { FakeSocket } from '../testing/fake-socket';
import { aTransition, anAlert } from '../testing/builders';

const tr = (seq: number, id = `A${seq}`) => aTransition(seq, 'raised', anAlert({ id, wardId: 'W-1' }));

describe('LiveConnection', () => {
  let socket: FakeSocket;
  let acks: SubscribedAck[];
  let delivered: AlertTransition[];
  let statuses: ConnectionInfo['status'][];
  let vitals: VitalsSnapshot[];
  let timers: { fn: () => void; ms: number; cleared: boolean }[];
  let now: number;
  let live: LiveConnection;

  beforeEach(() => {
    socket = new FakeSocket();
    acks = [];
    delivered = [];
    statuses = [];
    vitals = [];
    timers = [];
    now = 1_000_000;
    live = new LiveConnection(
      socket.asLiveSocket(),
      {
        onSubscribed: (a) => acks.push(a),
        onTransitions: (ts) => delivered.push(...ts),
        onVitals: (v) => vitals.push(v),
        onStatus: (i) => statuses.push(i.status),
      },
      {
        now: () => now,
        setTimeout: (fn, ms) => {
          const t = { fn, ms, cleared: false };
          timers.push(t);
          return t;
        },
        clearTimeout: (h) => ((h as { cleared: boolean }).cleared = true),
      },
    );
  });

  const runTimers = (ms: number) => timers.filter((t) => !t.cleared && t.ms === ms).forEach((t) => ((t.cleared = true), t.fn()));

  it('subscribes without since first, and is connected once the ack arrives', () => {
    live.subscribe('W-1');
    socket.serverConnect();
    expect(socket.lastSubscribe().req).toEqual({ wardId: 'W-1' });
    expect(live.status.status).toBe('reconnecting');
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 10, active: [anAlert()], missed: [] });
    expect(live.status.status).toBe('connected');
    expect(acks).toHaveLength(1);
    expect(acks[0].resumed).toBe(false);
    expect(live.since).toBe(10);
  });

  it('after a drop resubscribes with since = the last seq seen and delivers the missed ones once', () => {
    live.subscribe('W-1');
    socket.serverConnect();
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 10, active: [], missed: [] });
    socket.fire('alert', tr(11));
    socket.fire('alert', tr(12));
    expect(delivered.map((t) => t.seq)).toEqual([11, 12]);

    socket.serverDrop();
    expect(live.status.status).toBe('reconnecting');
    socket.serverConnect();
    expect(socket.lastSubscribe().req).toEqual({ wardId: 'W-1', since: 12 });
    // The server replays from the database; 12 overlaps (it was delivered live) and must not come twice.
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 15, active: [], missed: [tr(12), tr(13), tr(15)] });
    expect(acks[1].resumed).toBe(true);
    expect(acks[1].missed.map((t) => t.seq)).toEqual([13, 15]);
    expect(live.since).toBe(15);
    expect(live.status.status).toBe('connected');
  });

  it('holds live transitions that race the ack and delivers them after it, without repeats', () => {
    live.subscribe('W-1');
    socket.serverConnect();
    socket.fire('alert', tr(21));
    socket.fire('alert', tr(20));
    expect(delivered).toEqual([]);
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 20, active: [], missed: [] });
    expect(delivered.map((t) => t.seq)).toEqual([20, 21]);
    socket.fire('alert', tr(21));
    expect(delivered.map((t) => t.seq)).toEqual([20, 21]);
    expect(live.since).toBe(21);
  });

  it('says offline when the connection stays down, and connected again after it returns', () => {
    live.subscribe('W-1');
    socket.serverConnect();
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 1, active: [], missed: [] });
    socket.serverDrop();
    expect(live.status.status).toBe('reconnecting');
    runTimers(20_000);
    expect(live.status.status).toBe('offline');
    socket.serverConnect();
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 1, active: [], missed: [] });
    expect(statuses.at(-1)).toBe('connected');
  });

  it('drop() goes offline at once and restore() catches up with since', () => {
    live.subscribe('W-1');
    socket.serverConnect();
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 7, active: [], missed: [] });
    live.drop();
    expect(live.status.status).toBe('offline');
    live.restore();
    expect(live.status.status).toBe('reconnecting');
    socket.serverConnect();
    expect(socket.lastSubscribe().req).toEqual({ wardId: 'W-1', since: 7 });
  });

  it('notices a server whose seq went backwards (new database) and starts over from its seq', () => {
    live.subscribe('W-1');
    socket.serverConnect();
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 500, active: [], missed: [] });
    socket.serverDrop();
    socket.serverConnect();
    expect(socket.lastSubscribe().req).toEqual({ wardId: 'W-1', since: 500 });
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 3, active: [], missed: [] });
    expect(acks[1]).toMatchObject({ resumed: true, reset: true });
    expect(live.since).toBe(3);
    socket.fire('alert', tr(4));
    expect(delivered.map((t) => t.seq)).toEqual([4]);
  });

  it('retries the subscription when the ack does not come', () => {
    live.subscribe('W-1');
    socket.serverConnect();
    expect(socket.subscribes).toHaveLength(1);
    runTimers(8_000);
    expect(socket.subscribes).toHaveLength(2);
    socket.subscribes[0].ack({ ok: true, wardId: 'W-1', seq: 3, active: [], missed: [] });
    expect(acks).toHaveLength(0);
    socket.subscribes[1].ack({ ok: true, wardId: 'W-1', seq: 3, active: [], missed: [] });
    expect(acks).toHaveLength(1);
  });

  it('switching ward leaves the old room and starts the new one fresh', () => {
    live.subscribe('W-1');
    socket.serverConnect();
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 9, active: [], missed: [] });
    live.subscribe('W-2');
    expect(socket.unsubscribes).toEqual(['W-1']);
    expect(socket.lastSubscribe().req).toEqual({ wardId: 'W-2' });
    socket.fire('alert', aTransition(30, 'raised', anAlert({ wardId: 'W-1' })));
    socket.lastSubscribe().ack({ ok: true, wardId: 'W-2', seq: 31, active: [], missed: [] });
    expect(delivered).toEqual([]);
  });

  it('is offline with the reason when the server refuses the ward', () => {
    live.subscribe('W-9');
    socket.serverConnect();
    socket.lastSubscribe().ack({ ok: false, code: 'AUTH.WARD_FORBIDDEN', message: 'you are not assigned to ward W-9' });
    expect(live.status).toMatchObject({ status: 'offline', detail: 'you are not assigned to ward W-9' });
  });

  it('passes on vitals of its ward only and records the time of the last update', () => {
    live.subscribe('W-1');
    socket.serverConnect();
    now = 2_000_000;
    socket.fire('vitals', [{ patientId: 'P-1', wardId: 'W-1', time: '2026-11-26T10:00:00Z', sbp: 90 }]);
    socket.fire('vitals', [{ patientId: 'P-2', wardId: 'W-2', time: '2026-11-26T10:00:00Z', sbp: 90 }]);
    expect(vitals.map((v) => v.patientId)).toEqual(['P-1']);
    expect(live.status.lastUpdateAt).toBe(2_000_000);
  });
});
