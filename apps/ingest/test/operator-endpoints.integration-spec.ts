import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { readMigrations } from '../src/database/migration-files';
import { databaseKinds } from './support/test-databases';
import { connect } from 'node:net';
import { compileErrors, validate } from '@readme/openapi-parser';
import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';
import { MllpServer } from '../src/mllp/mllp.server';

/** What an operator, a probe or a scraper reads: /version, /ready, and JSON 404s where the dashboard is not. */
if (typeof describe !== 'undefined') describe.each(databaseKinds)('operator endpoints on %s', (kind) => {
  const dashboardDir = mkdtempSync(join(tmpdir(), 'vigil-dash-'));
  writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Vigil</title>');
  writeFileSync(join(dashboardDir, 'app.js'), 'console.log(1)');
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { DASHBOARD_DIR: dashboardDir, VIGIL_COMMIT: 'abc1234def', MLLP_EPHEMERAL: '1' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dashboardDir, { recursive: true, force: true });
  }, 60_000);

  it('GET /version names the version, the source commit and the schema version', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    const res = await app.request('GET', '/version');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'vigil', version: pkg.version, commit: 'abc1234def', schemaVersion: readMigrations().at(-1)!.name, node: process.version });
  });

  it('serves the dashboard at / and its files, and a JSON 404 everywhere else (never the app shell)', async () => {
    const shell = await fetch(`${app.url}/`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<title>Vigil</title>');
    expect((await fetch(`${app.url}/app.js`)).status).toBe(200);
    for (const path of ['/api/nope', '/api/patients/x/y/z', '/healthz', '/health/live', '/docs', '/openapi.json', '/metrics/x', '/ward/W-DEMO', '/fhir/Nothing']) {
      const res = await fetch(`${app.url}${path}`);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({ path, status: 404, type: expect.stringContaining('application/json') });
      expect(await res.json()).toMatchObject({ code: 'ROUTE.NOT_FOUND' });
    }
  });

  it('GET /ready is 503 while a migration this build ships is not applied, naming it', async () => {
    expect((await app.request('GET', '/ready')).status).toBe(200);
    const prisma = app.running.app.get<PrismaClient>(PRISMA);
    const latest = readMigrations().at(-1)!.name;
    await prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1`, latest);
    try {
      const res = await app.request('GET', '/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'migrations pending', ready: false, pendingMigrations: [latest] });
    } finally {
      await prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE migration_name = $1`, latest);
    }
    expect((await app.request('GET', '/ready')).status).toBe(200);
  });

  it('GET /metrics parses as Prometheus text, with HELP and TYPE for every family, and counts what happened', async () => {
    const login = await app.login('nurse');
    const socket = app.connectLive(login.token);
    await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));
    const now = new Date().toISOString();
    const id = `metrics-${kind}-${Date.now()}`;
    const events = [{ id, patientId: 'P-DEMO-01', time: now, type: 'vitals', hr: 80 }, { id, patientId: 'P-DEMO-01', time: now, type: 'vitals', hr: 80 }, { id: `${id}-bad`, patientId: 'P-DEMO-01', time: now, type: 'vitals', hr: 'fast' }];
    expect((await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: events })).status).toBe(202);
    expect((await app.request('GET', `/api/patients/P-DEMO-01`, { token: login.token })).status).toBe(200);
    const ack = await mllpRoundTrip(app.running.app.get(MllpServer).port, oru(`m-${kind}`, now));
    expect(ack).toMatch(/MSA\|AA\|/);

    const res = await fetch(`${app.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
    // Every family a scraper would read says what it is.
    for (const f of families.values()) expect({ name: f.name, help: f.help.length > 0, type: f.type }).toEqual({ name: f.name, help: true, type: expect.stringMatching(/^(COUNTER|GAUGE|HISTOGRAM|SUMMARY)$/) });
    for (const name of text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2])) expect(text).toContain(`# HELP ${name} `);
    const expected: Record<string, PromFamily['type']> = {
      process_cpu_seconds_total: 'COUNTER',
      process_resident_memory_bytes: 'GAUGE',
      nodejs_eventloop_lag_seconds: 'GAUGE',
      vigil_http_request_duration_seconds: 'HISTOGRAM',
      vigil_ingest_events_total: 'COUNTER',
      vigil_events_stored_total: 'COUNTER',
      vigil_event_commit_batch_events: 'HISTOGRAM',
      vigil_event_commit_duration_seconds: 'HISTOGRAM',
      vigil_rules_queue_events: 'GAUGE',
      vigil_rules_lag_seconds: 'HISTOGRAM',
      vigil_alert_transitions_total: 'COUNTER',
      vigil_socket_clients: 'GAUGE',
      vigil_socket_emits_total: 'COUNTER',
      vigil_mllp_connections: 'GAUGE',
      vigil_mllp_connections_total: 'COUNTER',
      vigil_mllp_messages_total: 'COUNTER',
      vigil_db_pool_connections: 'GAUGE',
      vigil_db_query_duration_seconds: 'HISTOGRAM',
      vigil_notification_deliveries_total: 'COUNTER',
    };
    for (const [name, type] of Object.entries(expected)) expect({ name, type: families.get(name)?.type }).toEqual({ name, type });

    const value = (name: string, labels: Record<string, string> = {}) =>
      Number(families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? NaN);
    // The parser folds a labelled histogram's series into one (it keeps the buckets only), so its
    // _count lines are read from the text; the parse above already checked the text is well formed.
    const count = (name: string, labels: Record<string, string> = {}) => {
      const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      const line = text.split('\n').find((l) => l.startsWith(`${name}_count`) && want.every((w) => l.includes(w)));
      return line ? Number(line.split(' ').at(-1)) : NaN;
    };
    expect(value('vigil_ingest_events_total', { channel: 'rest', outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(value('vigil_ingest_events_total', { channel: 'rest', outcome: 'duplicate' })).toBeGreaterThanOrEqual(1);
    expect(value('vigil_ingest_events_total', { channel: 'rest', outcome: 'rejected' })).toBeGreaterThanOrEqual(1);
    expect(value('vigil_ingest_events_total', { channel: 'mllp', outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(value('vigil_mllp_messages_total', { ack: 'AA' })).toBeGreaterThanOrEqual(1);
    expect(value('vigil_mllp_connections_total', { outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(value('vigil_socket_clients')).toBeGreaterThanOrEqual(1);
    expect(count('vigil_event_commit_batch_events')).toBeGreaterThanOrEqual(2);
    expect(count('vigil_http_request_duration_seconds', { method: 'GET', route: '/api/patients/:id', status: '200' })).toBe(1);
    expect(count('vigil_http_request_duration_seconds', { method: 'POST', route: '/api/events', status: '202' })).toBeGreaterThanOrEqual(1);
    expect(count('vigil_db_query_duration_seconds', { operation: 'INSERT' })).toBeGreaterThanOrEqual(1);
    // Routes are patterns: no patient id in any label.
    expect(text).not.toContain('P-DEMO-01');
    if (kind === 'postgresql') expect(value('vigil_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    socket.disconnect();
  });

  it('GET /api/openapi.json is a valid OpenAPI document that lists every HTTP route, with the contracts as request bodies', async () => {
    const res = await fetch(`${app.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> }; security?: unknown[] }>> };
    const result = await validate(structuredClone(doc) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(doc.openapi).toMatch(/^3\./);
    // Every route the HTTP server answers (Express's router, as Nest registered it) is in the document.
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const express = app.running.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
    const routes = express.router.stack
      // Nest's global middleware (pino-http's request logging, for every method) sits on the wildcard `/{*path}`: it answers nothing itself.
      .filter((l) => l.route && !/^\/api\/(docs|openapi)/.test(l.route.path) && l.route.path !== '/{*path}')
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.length).toBeGreaterThanOrEqual(38);
    expect(documented.sort()).toEqual([...new Set(routes)].sort());
    expect(doc.paths['/api/events'].post.requestBody!.content['application/json'].schema).toBeDefined();
    expect(doc.paths['/api/auth/login'].post.requestBody!.content['application/json'].schema.properties).toHaveProperty('password');
    expect(doc.paths['/api/alerts/{id}'].get.security).toEqual([{ session: [] }]);
    const ui = await fetch(`${app.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});

function oru(controlId: string, time: string) {
  const ts = time.replace(/[-:T]/g, '').slice(0, 14) + '+0000';
  return [
    `MSH|^~\\&|MONITOR|ONC4|VIGIL|HOSP|${ts}||ORU^R01^ORU_R01|${controlId}|P|2.6`,
    'PID|||P-DEMO-01^^^HOSP^MR',
    `OBR|1|||182777000^monitoring of patient^SNOMED-CT|||${ts}`,
    `OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC||88|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F|||${ts}`,
  ].join('\r');
}

/** Sends one framed HL7 message and resolves with its ACK. */
function mllpRoundTrip(port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(`\x0b${message}\x1c\r`));
    socket.on('error', reject);
    socket.on('data', (d) => {
      buffer += d.toString('utf8');
      const end = buffer.indexOf('\x1c\r');
      if (end < 0) return;
      socket.end();
      resolve(buffer.slice(buffer.indexOf('\x0b') + 1, end));
    });
  });
}
