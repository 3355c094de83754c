import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { SessionUser } from '@vigil/contracts';
import { FakeSocket } from '../testing/fake-socket';
import { aPatient, anAlert, nurse, physician } from '../testing/builders';

const sockets: FakeSocket[] = [];
vi.mock('../live/live.socket', () => ({
  createLiveSocket: () => {
    const s = new FakeSocket();
    sockets.push(s);
    return s.asLiveSocket();
  },
}));

const { App } = await import('./app');

const alert = anAlert({ id: 'P-1:hypotension:x', patientId: 'P-1', wardId: 'W-1', severity: 'high' });

function serve(user: SessionUser) {
  const calls: { url: string; init?: RequestInit }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
      if (url === '/api/auth/login') {
        const { password } = JSON.parse(String(init?.body));
        return password === 'vigil-demo' ? ok({ token: `tok-${user.username}`, user }) : new Response(JSON.stringify({ code: 'AUTH.INVALID_CREDENTIALS', message: 'no' }), { status: 401 });
      }
      if (url === '/api/wards') return ok([{ id: 'W-1', name: 'Ward one' }]);
      if (url === '/api/wards/W-1/patients') return ok([aPatient({ id: 'P-1', wardId: 'W-1', lastDataAt: new Date().toISOString() })]);
      if (url.startsWith('/api/alerts')) return ok([]);
      return new Response('{}', { status: 404 });
    }),
  );
  return calls;
}

async function logIn(password = 'vigil-demo') {
  render(<App />);
  fireEvent.change(screen.getByTestId('login-username'), { target: { value: 'someone' } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: password } });
  await act(async () => {
    fireEvent.click(screen.getByTestId('login-submit'));
  });
}

describe('App', () => {
  beforeEach(() => {
    sockets.length = 0;
    sessionStorage.clear();
    window.location.hash = '';
  });
  afterEach(() => vi.unstubAllGlobals());

  it('rejects a wrong password with a message', async () => {
    serve(physician);
    await logIn('nope');
    expect(screen.getByRole('alert').textContent).toContain('Wrong username or password');
    expect(screen.queryByTestId('ward-picker')).toBeNull();
  });

  it('logs in, opens the only ward, shows its beds and the live alert; a nurse cannot acknowledge', async () => {
    const calls = serve(nurse);
    await logIn();
    await waitFor(() => expect(screen.getByTestId('bed-tile-P-1')).toBeTruthy());
    expect((screen.getByTestId('ward-picker') as HTMLSelectElement).value).toBe('W-1');
    expect(window.location.hash).toBe('#/ward/W-1');
    expect(calls.find((c) => c.url === '/api/wards')?.init?.headers).toMatchObject({ Authorization: 'Bearer tok-nurse' });

    const socket = sockets.at(-1) as FakeSocket;
    act(() => socket.serverConnect());
    act(() => socket.lastSubscribe().ack({ ok: true, wardId: 'W-1', seq: 3, active: [alert], missed: [] }));
    expect(screen.getByTestId('connection-banner').getAttribute('data-status')).toBe('connected');
    const row = screen.getByTestId(`alert-row-${alert.id}`);
    expect(row.getAttribute('data-state')).toBe('active');
    expect((screen.getByTestId(`ack-button-${alert.id}`) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('bed-tile-P-1').getAttribute('data-alert-level')).toBe('high');

    // The acknowledgement by a physician elsewhere arrives live and moves the row to history.
    act(() => socket.fire('alert', { seq: 4, type: 'acknowledged', at: alert.updatedAt, alert: { ...alert, state: 'acknowledged', acknowledgedBy: 'physician' } }));
    expect(screen.getByTestId(`alert-row-${alert.id}`).getAttribute('data-state')).toBe('acknowledged');
    expect(screen.getByTestId('alert-history').contains(screen.getByTestId(`alert-row-${alert.id}`))).toBe(true);
    expect(screen.queryByTestId(`ack-button-${alert.id}`)).toBeNull();
  });

  it('keeps trying to load the wards while the service is down', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      serve(nurse);
      const working = globalThis.fetch;
      let down = true;
      vi.stubGlobal(
        'fetch',
        vi.fn(async (url: string, init?: RequestInit) => {
          if (down && url === '/api/wards') throw new TypeError('Failed to fetch');
          return working(url, init);
        }),
      );
      await logIn();
      await waitFor(() => expect(screen.getByText(/Cannot load wards/)).toBeTruthy());
      down = false;
      await act(async () => {
        await vi.advanceTimersByTimeAsync(5000);
      });
      await waitFor(() => expect(screen.getByTestId('bed-tile-P-1')).toBeTruthy());
      expect(screen.queryByText(/Cannot load wards/)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs out back to the login form', async () => {
    serve(physician);
    await logIn();
    await waitFor(() => expect(screen.getByTestId('logout')).toBeTruthy());
    fireEvent.click(screen.getByTestId('logout'));
    expect(screen.getByTestId('login-username')).toBeTruthy();
    expect(sessionStorage.getItem('vigil.session')).toBeNull();
  });
});
