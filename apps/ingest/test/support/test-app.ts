import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LoginResponse, ServerToClientEvents } from '@vigil/contracts';
import { parseEnv } from '../../src/config/env.schema';
import { createApp, type RunningApp } from '../../src/create-app';
import { createTestDatabase, type TestDatabase } from './test-databases';

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

/** The real service on an ephemeral port: demo ward, users and device key seeded, demo stream off. */
export async function startTestApp(kind: 'pglite' | 'postgresql', extraEnv: Record<string, string> = {}, reuse?: TestDatabase, options: { waitForReady?: boolean } = {}): Promise<TestApp> {
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
  const running = await createApp(env, options);
  const sockets: LiveClient[] = [];
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
    async close(options = {}) {
      for (const s of sockets) s.disconnect();
      await running.close();
      if (!options.keepDatabase) await db.drop();
    },
  };
  return app;
}
