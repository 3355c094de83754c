import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LoginResponse, ServerToClientEvents } from '@vigil/contracts';
import { parseEnv } from '../../src/config/env.schema';
import { createApp, type RunningApp } from '../../src/create-app';
import { createTestDatabase, type TestDatabase } from './test-databases';
import { startedApps, type StartedApps } from './started-apps';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestApp {
  running: RunningApp;
  url: string;
  db: TestDatabase;
  request(method: string, path: string, options?: { token?: string; apiKey?: string; body?: unknown; raw?: string; contentType?: string }): Promise<{ status: number; body: any }>;
  login(username: string): Promise<LoginResponse>;
  connectLive(token: string | undefined): LiveClient;
  /** Stops the service; `keepDatabase` leaves the database for a restart test. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export const DEVICE_KEY = 'demo-device-key';

export interface StartOptions {
  /** Return only once the rules are ready (default). */
  waitForReady?: boolean;
  /** Where the app is registered until closed: this test file's (default), or a spec's own. */
  tracker?: StartedApps;
}

/** The real service on an ephemeral port: demo ward, users and device key seeded, demo stream off. */
export function startTestApp(kind: 'pglite' | 'postgresql', extraEnv: Record<string, string> = {}, reuse?: TestDatabase, options: StartOptions = {}): Promise<TestApp> {
  // Registered, so that a start outliving its setup hook's timeout still gets closed (started-apps.ts).
  const tracker = options.tracker ?? startedApps;
  return tracker.starting(start(kind, extraEnv, reuse, options.waitForReady !== false, tracker));
}

async function start(kind: 'pglite' | 'postgresql', extraEnv: Record<string, string>, reuse: TestDatabase | undefined, waitForReady: boolean, tracker: StartedApps): Promise<TestApp> {
  const db = reuse ?? (await createTestDatabase(kind));
  const env = parseEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    MLLP_PORT: '0',
    VIGIL_DATA_DIR: 'memory://',
    DATABASE_URL: db.url,
    VIGIL_DEMO: '1',
    // Tests seed the demo on their own throwaway databases, PostgreSQL included.
    VIGIL_DEMO_FORCE: '1',
    VIGIL_DEMO_STREAM: '0',
    JWT_SECRET: 'test-secret-test-secret-test-secret',
    // Quiet under jest unless LOG_LEVEL asks for logs (apps/ingest/jest.setup.cjs).
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
    DASHBOARD_DIR: '',
    TICK_INTERVAL_MS: '200',
    ...extraEnv,
  });
  let running: RunningApp;
  try {
    // Not waiting for readiness inside createApp: the app is held (and closable) while it gets ready.
    running = await createApp(env, { waitForReady: false });
  } catch (e) {
    if (!reuse) await db.drop().catch(() => undefined);
    throw e;
  }
  const sockets: LiveClient[] = [];
  let closing: Promise<void> | undefined;
  let release: () => void = () => undefined;
  const app: TestApp = {
    running,
    url: running.url,
    db,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      if (options.apiKey) headers['x-api-key'] = options.apiKey;
      let body: string | undefined;
      if (options.raw !== undefined) {
        body = options.raw;
        headers['content-type'] = options.contentType ?? 'application/x-ndjson';
      } else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(`${running.url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed };
    },
    async login(username) {
      const res = await app.request('POST', '/api/auth/login', { body: { username, password: 'vigil-demo' } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as LoginResponse;
    },
    connectLive(token) {
      const socket: LiveClient = io(`${running.url}/live`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      return socket;
    },
    close(options = {}) {
      // Once: the file-end sweep (started-apps.ts) may close an app its spec closes too.
      closing ??= (async () => {
        release();
        for (const s of sockets) s.disconnect();
        await running.close();
        if (!options.keepDatabase) await db.drop();
      })();
      return closing;
    },
  };
  release = await tracker.hold(() => app.close());
  if (waitForReady) {
    try {
      await Promise.race([running.ready, tracker.abandoned]);
    } catch (e) {
      await app.close();
      throw e;
    }
  }
  return app;
}
