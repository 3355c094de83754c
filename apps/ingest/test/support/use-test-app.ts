import type { AlertTransition, LoginResponse, SubscribeAck } from '@vigil/contracts';
import { startTestApp, type LiveClient, type TestApp } from './test-app';

/**
 * One service per describe block: started before its tests (on the given database kind), closed after
 * them. Returns a getter, since the app exists only once `beforeAll` has run.
 */
export function useTestApp(kind: 'pglite' | 'postgresql'): () => TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp(kind);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  }, 30_000);
  return () => {
    if (!app) throw new Error('the test app has not started (useTestApp must be called in a describe block)');
    return app;
  };
}

/** An ISO time `m` minutes before now. */
export const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();

/** Subscribes a live socket to a ward (optionally catching up after `since`) and resolves with the ack. */
export function subscribe(socket: LiveClient, wardId: string, since?: number): Promise<SubscribeAck> {
  return new Promise((resolve) => socket.emit('subscribe', { wardId, since }, resolve));
}

/** A user logged in with a live socket subscribed to one ward, collecting the alert transitions it is sent. */
export async function watchWard(app: TestApp, username: string, wardId: string): Promise<{ user: LoginResponse; socket: LiveClient; seen: AlertTransition[] }> {
  const user = await app.login(username);
  const socket = app.connectLive(user.token);
  const seen: AlertTransition[] = [];
  socket.on('alert', (t) => seen.push(t));
  const ack = await subscribe(socket, wardId);
  if (!ack.ok) throw new Error(`${username} could not subscribe to ${wardId}: ${JSON.stringify(ack)}`);
  return { user, socket, seen };
}
