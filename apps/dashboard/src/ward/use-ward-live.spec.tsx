import { describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { AlertTransition } from '@vigil/contracts';
import { ApiClient, type FetchLike } from '../api/api.client';
import { allAlerts } from '../alerts/alerts.store';
import { useWardLive } from './use-ward-live';
import { FakeSocket } from '../testing/fake-socket';
import { aPatient, aTransition, anAlert } from '../testing/builders';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

function setup() {
  const socket = new FakeSocket();
  const history = anAlert({ id: 'OLD', state: 'resolved', updatedAt: '2026-11-26T08:00:00Z' });
  const fetch = vi.fn<FetchLike>(async (url) => {
    if (url.startsWith('/api/wards/W-1/patients')) return json([aPatient({ id: 'P-1' }), aPatient({ id: 'P-2', bed: '2' })]);
    if (url.startsWith('/api/alerts')) return json([history]);
    throw new Error(`unexpected ${url}`);
  });
  const api = new ApiClient({ token: 't', fetch });
  const live: AlertTransition[][] = [];
  const createSocket = () => socket.asLiveSocket();
  const hook = renderHook(() => useWardLive({ api, wardId: 'W-1', createSocket, onLiveTransitions: (ts) => live.push(ts), vitalsFlushMs: 10 }));
  return { socket, hook, live, fetch };
}

describe('useWardLive', () => {
  it('joins the REST history and the subscribe ack, then applies live transitions and vitals', async () => {
    const { socket, hook, live } = setup();
    await waitFor(() => expect(hook.result.current.patients).toHaveLength(2));
    act(() => socket.serverConnect());
    expect(socket.lastSubscribe().req).toEqual({ wardId: 'W-1' });
    const open = anAlert({ id: 'A', patientId: 'P-1', updatedAt: '2026-11-26T10:00:00Z' });
    act(() => socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 40, active: [open], missed: [] }));
    expect(hook.result.current.connection.status).toBe('connected');
    expect(allAlerts(hook.result.current.alerts).map((a) => a.id).sort()).toEqual(['A', 'OLD']);
    expect(live).toEqual([]);

    const acked = { ...open, state: 'acknowledged' as const, updatedAt: '2026-11-26T10:05:00Z' };
    act(() => socket.fire('alert', aTransition(41, 'acknowledged', acked)));
    expect(hook.result.current.alerts.byId['A'].alert.state).toBe('acknowledged');
    expect(live.flat().map((t) => t.seq)).toEqual([41]);

    act(() => socket.fire('vitals', [{ patientId: 'P-2', wardId: 'W-1', time: '2026-11-26T11:00:00Z', sbp: 79 }]));
    await waitFor(() => expect(hook.result.current.patients.find((p) => p.id === 'P-2')?.latest?.sbp).toBe(79));
  });

  it('after a reconnect shows what was missed exactly once and announces it', async () => {
    const { socket, hook, live } = setup();
    await waitFor(() => expect(hook.result.current.patients).toHaveLength(2));
    act(() => socket.serverConnect());
    act(() => socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 50, active: [], missed: [] }));
    const raised = anAlert({ id: 'B', patientId: 'P-2', updatedAt: '2026-11-26T10:00:00Z' });
    act(() => socket.fire('alert', aTransition(51, 'raised', raised)));

    act(() => socket.serverDrop());
    expect(hook.result.current.connection.status).toBe('reconnecting');
    act(() => socket.serverConnect());
    expect(socket.lastSubscribe().req).toEqual({ wardId: 'W-1', since: 51 });
    const missed = anAlert({ id: 'C', patientId: 'P-1', severity: 'medium', updatedAt: '2026-11-26T10:10:00Z' });
    act(() =>
      socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 52, active: [raised, missed], missed: [aTransition(51, 'raised', raised), aTransition(52, 'raised', missed)] }),
    );
    const ids = allAlerts(hook.result.current.alerts).map((a) => a.id).sort();
    expect(ids).toEqual(['B', 'C', 'OLD']);
    expect(live.flat().map((t) => t.seq)).toEqual([51, 52]);
    expect(hook.result.current.connection.status).toBe('connected');
  });

  it('drops what it held when the server comes back with a new database', async () => {
    const { socket, hook } = setup();
    await waitFor(() => expect(hook.result.current.patients).toHaveLength(2));
    act(() => socket.serverConnect());
    act(() => socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 90, active: [anAlert({ id: 'GONE' })], missed: [] }));
    act(() => socket.serverDrop());
    act(() => socket.serverConnect());
    act(() => socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 2, active: [anAlert({ id: 'NEW' })], missed: [] }));
    expect(allAlerts(hook.result.current.alerts).map((a) => a.id)).toContain('NEW');
    expect(allAlerts(hook.result.current.alerts).map((a) => a.id)).not.toContain('GONE');
    await waitFor(() => expect(allAlerts(hook.result.current.alerts).map((a) => a.id).sort()).toEqual(['NEW', 'OLD']));
  });

  it('retries the history on the next subscription when the first load failed', async () => {
    const socket = new FakeSocket();
    let alertsUp = false;
    const fetch = vi.fn<FetchLike>(async (url) => {
      if (url.startsWith('/api/wards/W-1/patients')) return json([aPatient({ id: 'P-1' })]);
      if (url.startsWith('/api/alerts')) return alertsUp ? json([anAlert({ id: 'HIST', state: 'resolved' })]) : new Response('{"code":"STORE.UNAVAILABLE","message":"down"}', { status: 503 });
      throw new Error(`unexpected ${url}`);
    });
    const api = new ApiClient({ token: 't', fetch });
    const createSocket = () => socket.asLiveSocket();
    const hook = renderHook(() => useWardLive({ api, wardId: 'W-1', createSocket }));
    await waitFor(() => expect(hook.result.current.error).toBe('down'));
    alertsUp = true;
    act(() => socket.serverConnect());
    act(() => socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 1, active: [], missed: [] }));
    await waitFor(() => expect(Object.keys(hook.result.current.alerts.byId)).toEqual(['HIST']));
    expect(hook.result.current.error).toBeNull();
  });

  it('reloads the beds when an alert names a patient it does not show', async () => {
    const { socket, hook, fetch } = setup();
    await waitFor(() => expect(hook.result.current.patients).toHaveLength(2));
    act(() => socket.serverConnect());
    act(() => socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 1, active: [], missed: [] }));
    const before = fetch.mock.calls.filter(([u]) => u.includes('/patients')).length;
    act(() => socket.fire('alert', aTransition(2, 'raised', anAlert({ id: 'N', patientId: 'P-NEW' }))));
    await waitFor(() => expect(fetch.mock.calls.filter(([u]) => u.includes('/patients')).length).toBe(before + 1));
  });
});
