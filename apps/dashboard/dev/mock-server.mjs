// A stand-in for apps/ingest for dashboard development, screenshots and the render benchmark:
// serves the built dashboard, the REST routes and socket.io /live with synthetic beds.
//   node apps/dashboard/dev/mock-server.mjs [--port 3999] [--beds 12] [--dist dist/apps/dashboard] [--alert-every 20]
// Logins: physician / nurse / admin, password vigil-demo. Not part of the product: no persistence.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { Server } from 'socket.io';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const PORT = Number(arg('port', 3999));
const BEDS = Number(arg('beds', 12));
const DIST = resolve(arg('dist', 'dist/apps/dashboard'));
const ALERT_EVERY_S = Number(arg('alert-every', 20));
const WARD = { id: 'W-DEMO', name: 'Demo oncology ward' };
const users = {
  physician: { id: 'u-phys', username: 'physician', displayName: 'Dr Demo', role: 'physician', wardIds: [WARD.id] },
  nurse: { id: 'u-nurse', username: 'nurse', displayName: 'Nurse Demo', role: 'nurse', wardIds: [WARD.id] },
  admin: { id: 'u-admin', username: 'admin', displayName: 'Admin', role: 'admin', wardIds: [WARD.id] },
};
const tokens = new Map();

const now = () => Date.now();
const iso = (t) => new Date(t).toISOString();
const names = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Frances Allen', 'John Backus', 'Katherine Johnson', 'Ken Thompson'];
const patients = Array.from({ length: BEDS }, (_, i) => ({
  id: `P-${String(i + 1).padStart(4, '0')}`,
  displayName: `${names[i % names.length]}${i >= names.length ? ` ${Math.floor(i / names.length) + 1}` : ''}`,
  mrn: `MRN${100200 + i}`,
  bed: String(i + 1),
  wardId: WARD.id,
  weightKg: 60 + (i % 5) * 6,
  latest: null,
  lastUrineMlPerHour: 30 + (i % 4) * 15,
  news2: i % 7,
  lastDataAt: null,
  silent: i === 3, // one bed goes quiet to show the stale notice
}));
const observations = new Map(patients.map((p) => [p.id, { vitals: [], urine: [], labs: [], doses: [] }]));
const alerts = new Map();
const history = new Map();
let seq = 0;
const transitions = [];

// History: 24 h of synthetic observations per patient.
const start = now() - 24 * 3600_000;
for (const p of patients) {
  const o = observations.get(p.id);
  for (let t = start; t < now(); t += 5 * 60_000) {
    const k = (t - start) / 3600_000;
    o.vitals.push({ time: iso(t), sbp: Math.round(118 - k * 1.1 + Math.sin(k) * 6), dbp: Math.round(70 - k * 0.6), map: Math.round(86 - k * 0.8), hr: Math.round(88 + k * 1.2), spo2: 97 - Math.round(k / 10), rr: 18, temp: 37.4 });
  }
  for (let t = start; t < now(); t += 3600_000) o.urine.push({ periodStart: iso(t), time: iso(t + 3600_000), volumeMl: Math.max(5, Math.round(p.weightKg * (0.9 - ((t - start) / 3600_000) * 0.025))) });
  for (let d = 0; d < 3; d++) o.doses.push({ time: iso(start + d * 8 * 3600_000 + 3600_000), doseNumber: d + 1, status: d === 2 ? 'held' : 'given' });
  for (let h = 0; h < 24; h += 6) {
    o.labs.push({ time: iso(start + h * 3600_000), code: 'IL2', value: 20 + h * 3, unit: 'pg/mL' });
    o.labs.push({ time: iso(start + h * 3600_000), code: 'SIL2R', value: 2000 + h * 250, unit: 'U/mL' });
  }
  p.lastDataAt = p.silent ? iso(now() - 9 * 60_000) : o.vitals.at(-1).time;
  p.latest = { ...o.vitals.at(-1) };
}

const rules = [
  ['hypotension', 'high', (v) => `SBP ${v} mmHg (<90) sustained 2 readings`, 'sbp', 84],
  ['oliguria', 'medium', (v) => `Urine ${v} mL/kg/h (<0.5) over 2 h`, 'urineMlPerKgH', 0.3],
  ['fever', 'low', (v) => `Temperature ${v} °C`, 'temp', 38.6],
  ['af_rhythm', 'high', () => 'Atrial fibrillation on the monitor', 'rhythm', 'af'],
];
let ruleIndex = 0;

function transition(type, alert, actor = 'system') {
  seq += 1;
  const t = { seq, type, at: iso(now()), alert: { ...alert } };
  transitions.push(t);
  if (!history.has(alert.id)) history.set(alert.id, []);
  history.get(alert.id).push({ seq, type, at: t.at, actor, alert: { ...alert } });
  io.of('/live').to(`ward:${WARD.id}`).emit('alert', t);
  return t;
}

function raiseAlert() {
  const p = patients[(ruleIndex * 5) % patients.length];
  const [rule, severity, message, field, value] = rules[ruleIndex % rules.length];
  ruleIndex++;
  const openedAt = iso(now());
  const alert = {
    id: `${p.id}:${rule}:${openedAt}`, patientId: p.id, wardId: WARD.id, bed: p.bed, rule, severity, state: 'active',
    openedAt, updatedAt: openedAt, resolvedAt: null, acknowledgedAt: null, acknowledgedBy: null, ackNote: null, ackDisposition: null,
    escalationLevel: 0, message: message(value), evidence: [{ eventId: `mock-${seq}`, time: openedAt, field, value }], thresholds: { version: 1 },
  };
  alerts.set(alert.id, alert);
  transition('raised', alert);
  // Resolve some older acknowledged alerts so history fills up.
  for (const a of alerts.values()) {
    if (a.state === 'acknowledged' && Date.parse(a.acknowledgedAt) < now() - 30_000) {
      Object.assign(a, { state: 'resolved', resolvedAt: iso(now()), updatedAt: iso(now()) });
      transition('resolved', a);
    }
  }
}

const json = (res, status, body) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};
const readBody = (req) => new Promise((ok) => {
  let s = '';
  req.on('data', (c) => (s += c));
  req.on('end', () => ok(s ? JSON.parse(s) : {}));
});
const userOf = (req) => tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  if (path === '/api/auth/login' && req.method === 'POST') {
    const { username, password } = await readBody(req);
    if (!users[username] || password !== 'vigil-demo') return json(res, 401, { code: 'AUTH.INVALID_CREDENTIALS', message: 'wrong username or password' });
    const token = `mock-${username}-${Math.random().toString(36).slice(2)}`;
    tokens.set(token, users[username]);
    return json(res, 200, { token, user: users[username] });
  }
  if (path.startsWith('/api/')) {
    const user = userOf(req);
    if (!user) return json(res, 401, { code: 'AUTH.REQUIRED', message: 'log in' });
    let m;
    if (path === '/api/wards') return json(res, 200, [WARD]);
    if ((m = path.match(/^\/api\/wards\/([^/]+)\/patients$/))) return json(res, 200, patients.filter((p) => p.wardId === decodeURIComponent(m[1])).map(({ silent: _s, ...p }) => p));
    if (path === '/api/alerts') {
      const states = url.searchParams.get('state')?.split(',');
      const pid = url.searchParams.get('patientId');
      return json(res, 200, [...alerts.values()].filter((a) => (!states || states.includes(a.state)) && (!pid || a.patientId === pid)));
    }
    if ((m = path.match(/^\/api\/alerts\/([^/]+)\/acknowledge$/)) && req.method === 'POST') {
      const a = alerts.get(decodeURIComponent(m[1]));
      const body = await readBody(req);
      if (!a) return json(res, 404, { code: 'ALERT.NOT_FOUND', message: 'no such alert' });
      if (user.role !== 'physician') return json(res, 403, { code: 'AUTH.FORBIDDEN', message: 'only a physician can acknowledge an alert' });
      if (a.state === 'resolved') return json(res, 409, { code: 'ALERT.RESOLVED', message: 'resolved' });
      if (a.state === 'acknowledged') return json(res, 409, { code: 'ALERT.ALREADY_ACKNOWLEDGED', message: `already acknowledged by ${a.acknowledgedBy}` });
      Object.assign(a, { state: 'acknowledged', acknowledgedAt: iso(now()), acknowledgedBy: user.username, ackNote: body.note ?? null, ackDisposition: body.disposition ?? null, updatedAt: iso(now()) });
      transition('acknowledged', a, user.username);
      return json(res, 200, a);
    }
    if ((m = path.match(/^\/api\/alerts\/([^/]+)$/))) {
      const a = alerts.get(decodeURIComponent(m[1]));
      return a ? json(res, 200, { ...a, history: history.get(a.id) ?? [] }) : json(res, 404, { code: 'ALERT.NOT_FOUND', message: 'no such alert' });
    }
    if ((m = path.match(/^\/api\/patients\/([^/]+)\/observations$/))) {
      const p = patients.find((x) => x.id === decodeURIComponent(m[1]));
      const o = p && observations.get(p.id);
      if (!o) return json(res, 404, { code: 'PATIENT.NOT_FOUND', message: 'no such patient' });
      const from = Date.parse(url.searchParams.get('from') ?? iso(now() - 24 * 3600_000));
      const to = Date.parse(url.searchParams.get('to') ?? iso(now()));
      const inside = (x) => Date.parse(x.time) >= from && Date.parse(x.time) <= to;
      return json(res, 200, { from: iso(from), to: iso(to), weightKg: p.weightKg, vitals: o.vitals.filter(inside), urine: o.urine.filter(inside), labs: o.labs.filter(inside), doses: o.doses.filter(inside) });
    }
    return json(res, 404, { code: 'NOT_FOUND', message: path });
  }
  const file = join(DIST, path === '/' ? 'index.html' : path);
  try {
    const body = await readFile(file.startsWith(DIST) ? file : join(DIST, 'index.html'));
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(await readFile(join(DIST, 'index.html')));
  }
});

const io = new Server(server);
io.of('/live').use((socket, next) => (tokens.has(socket.handshake.auth?.token) ? next() : next(Object.assign(new Error('invalid token'), { data: { code: 'AUTH.REQUIRED' } }))));
io.of('/live').on('connection', (socket) => {
  socket.on('subscribe', async (req, ack) => {
    if (req?.wardId !== WARD.id) return ack({ ok: false, code: 'AUTH.WARD_FORBIDDEN', message: `not assigned to ${req?.wardId}` });
    await socket.join(`ward:${WARD.id}`);
    const active = [...alerts.values()].filter((a) => a.state !== 'resolved');
    const missed = req.since !== undefined ? transitions.filter((t) => t.seq > req.since) : [];
    ack({ ok: true, wardId: WARD.id, seq, active, missed });
  });
  socket.on('unsubscribe', (req) => socket.leave(`ward:${req?.wardId}`));
});

// 1 Hz vitals per bed (except the silent one).
setInterval(() => {
  const t = iso(now());
  for (const p of patients) {
    if (p.silent) continue;
    const k = Math.random();
    const snap = { patientId: p.id, wardId: WARD.id, time: t, sbp: Math.round(95 + k * 25), dbp: Math.round(55 + k * 12), map: Math.round(70 + k * 15), hr: Math.round(90 + k * 30), spo2: Math.round(94 + k * 5) };
    p.latest = { ...snap };
    delete p.latest.patientId;
    delete p.latest.wardId;
    p.lastDataAt = t;
    io.of('/live').to(`ward:${WARD.id}`).emit('vitals', [snap]);
  }
}, 1000);
// One past episode per patient 1, with its audit trail, so bands and history show at once.
{
  const p = patients[0];
  const openedAt = iso(now() - 4 * 3600_000);
  const a = {
    id: `${p.id}:oliguria:${openedAt}`, patientId: p.id, wardId: WARD.id, bed: p.bed, rule: 'oliguria', severity: 'medium', state: 'active',
    openedAt, updatedAt: openedAt, resolvedAt: null, acknowledgedAt: null, acknowledgedBy: null, ackNote: null, ackDisposition: null,
    escalationLevel: 0, message: 'Urine 0.4 mL/kg/h (<0.5) over 2 h', evidence: [{ eventId: 'mock-u1', time: openedAt, field: 'urineMlPerKgH', value: 0.4 }], thresholds: { version: 1 },
  };
  alerts.set(a.id, a);
  transition('raised', a);
  Object.assign(a, { state: 'acknowledged', acknowledgedAt: iso(now() - 3.5 * 3600_000), acknowledgedBy: 'physician', ackNote: '500 mL bolus', ackDisposition: 'fluids-given', updatedAt: iso(now() - 3.5 * 3600_000) });
  transition('acknowledged', a, 'physician');
  Object.assign(a, { state: 'resolved', resolvedAt: iso(now() - 2.5 * 3600_000), updatedAt: iso(now() - 2.5 * 3600_000) });
  transition('resolved', a);
}
if (ALERT_EVERY_S > 0) setInterval(raiseAlert, ALERT_EVERY_S * 1000);
for (let i = 0; i < 4; i++) raiseAlert();

server.listen(PORT, () => console.log(`mock Vigil on http://localhost:${PORT} (${BEDS} beds, dashboard from ${DIST})`));
