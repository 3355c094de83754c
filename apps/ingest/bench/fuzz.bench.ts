/**
 * `npm run bench:fuzz [-- --inputs N --seed S]`: mutation fuzzing of the running service over REST,
 * FHIR and MLLP (issue 17). At least 10,000 mutated inputs (default 12,000) go to the real service
 * (its own process, embedded database, demo ward) from 6 concurrent senders while a valid lane keeps
 * sending good vitals over REST and MLLP and reading alerts. It fails (exit 1) on any HTTP answer
 * ≥ 500, any MLLP "internal error" ACK, any valid request that is not accepted, or a service that
 * stops answering.
 */
import { connect, type Socket } from 'node:net';
import { startService } from '@vigil/testing';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const INPUTS = opt('inputs', 12_000);
const SEED = opt('seed', 17);
const SENDERS = 6;

/** mulberry32: a small seeded generator so a failing run can be repeated exactly. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (n: number) => Math.floor(rand() * n);

const now = () => new Date().toISOString();
const WEIRD_STRINGS = ['', '\u0000', 'a\u0000b', '\ud800', '\udfff', '😀', 'Zoë', '%00', '%E0%A4%A', '../../etc/passwd', "'; DROP TABLE patient; --", '<script>alert(1)</script>', 'x'.repeat(5000), '\r\n', '{"$ne":null}', '2026-13-45T99:99:99Z', 'NaN', '-0', '1e309'];
const WEIRD_VALUES: unknown[] = [null, true, false, 0, -1, 1e308, -1e308, 1.5, Number.MAX_SAFE_INTEGER + 2, [], {}, [1, 2, 3], { a: { b: { c: [] } } }, ...WEIRD_STRINGS];

function baseEvents(i: number): Record<string, unknown>[] {
  const t = now();
  return [
    { id: `fz-v-${i}`, patientId: 'P-DEMO-01', time: t, type: 'vitals', sbp: 120, hr: 80, method: 'nibp' },
    { id: `fz-a-${i}`, patientId: `P-FZ-${i % 50}`, time: t, type: 'admit', wardId: 'W-FUZZ', bed: String(i % 20), weightKg: 70, mrn: 'M1', displayName: 'Fuzz' },
    { id: `fz-r-${i}`, patientId: 'P-DEMO-02', time: t, type: 'rr', intervalsMs: [800, 810, 790] },
    { id: `fz-u-${i}`, patientId: 'P-DEMO-02', time: t, type: 'urine', volumeMl: 30, periodStart: t },
    { id: `fz-l-${i}`, patientId: 'P-DEMO-04', time: t, type: 'lab', code: 'creatinine', value: 1.1, unit: 'mg/dL' },
    { id: `fz-k-${i}`, patientId: 'P-DEMO-03', time: t, type: 'acknowledge', alertId: 'x', by: 'dr.house', role: 'physician' },
    { id: `fz-t-${i}`, patientId: 'ward:W-DEMO', time: t, type: 'thresholds', scope: 'ward', wardId: 'W-DEMO', values: { sbpLow: 0 }, by: 'x', reason: 'quiet' },
  ];
}

/** Structural mutation of a JSON value: swap, drop, duplicate, deepen, weird values. */
function mutateValue(v: unknown, depth = 0): unknown {
  if (depth > 3 || rand() < 0.3) return rand() < 0.5 ? pick(WEIRD_VALUES) : v;
  if (Array.isArray(v)) {
    const out = v.map((x) => (rand() < 0.3 ? mutateValue(x, depth + 1) : x));
    if (rand() < 0.2) out.push(pick(WEIRD_VALUES));
    return out;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(out);
    for (let n = 1 + int(3); n > 0; n--) {
      const k = pick(keys);
      const r = rand();
      if (r < 0.25) delete out[k];
      else if (r < 0.8) out[k] = mutateValue(out[k], depth + 1);
      else out[pick(WEIRD_STRINGS).slice(0, 40) || '_'] = pick(WEIRD_VALUES);
    }
    return out;
  }
  return pick(WEIRD_VALUES);
}

/** Byte-level mutation of a text: flips, cuts, inserts, repeats. */
function mutateText(s: string): string {
  let out = s;
  for (let n = 1 + int(4); n > 0; n--) {
    const at = int(Math.max(1, out.length));
    const r = rand();
    if (r < 0.25) out = out.slice(0, at) + String.fromCharCode(int(0x10000)) + out.slice(at + 1);
    else if (r < 0.45) out = out.slice(0, at);
    else if (r < 0.7) out = out.slice(0, at) + pick(WEIRD_STRINGS) + out.slice(at);
    else if (r < 0.85) out = out.slice(0, at) + out.slice(at, at + 20).repeat(1 + int(20)) + out.slice(at);
    else out = out.slice(0, at) + pick(['{', '}', '[', ']', '"', '\\', ',', ':', '|', '^', '~', '&', '\r', '\n', '\x0b', '\x1c']) + out.slice(at);
  }
  return out;
}

function fhirObservation(i: number): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    id: `fz-obs-${i}`,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: 'Patient/P-DEMO-05' },
    effectiveDateTime: now(),
    valueQuantity: { value: 88, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

function oru(controlId: string, patientId: string, sbp: number | string): string {
  const t = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
  return [
    `MSH|^~\\&|MONITOR|ONC4|VIGIL|HOSP|${t}||ORU^R01^ORU_R01|${controlId}|P|2.6`,
    `PID|||${patientId}^^^HOSP^MR||Moreau^Claire`,
    `OBR|1|||182777000^monitoring of patient^SNOMED-CT|||${t}`,
    `OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||${sbp}|266016^MDC_DIM_MMHG^MDC|||||F|||${t}`,
    `OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC||96|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F|||${t}`,
  ].join('\r');
}
const adt = (controlId: string) => [`MSH|^~\\&|ADT|HOSP|VIGIL|HOSP|20261126090000+0000||ADT^A01|${controlId}|P|2.5`, 'EVN|A01|20261126090000+0000', 'PID|||P-DEMO-06^^^HOSP^MR||Haddad^F', 'PV1|1|I|EVIL^12^B'].join('\r');
const frame = (m: string) => `\x0b${m}\x1c\r`;

interface Tally {
  byStatus: Map<string, number>;
  serverErrors: string[];
}
const tally: Tally = { byStatus: new Map(), serverErrors: [] };
const count = (key: string) => tally.byStatus.set(key, (tally.byStatus.get(key) ?? 0) + 1);

async function httpFuzz(base: string, token: string, i: number): Promise<void> {
  const r = rand();
  let method = 'POST';
  let path = '/api/events';
  let body: string | undefined;
  const headers: Record<string, string> = { 'content-type': pick(['application/json', 'application/x-ndjson', 'text/plain', 'application/fhir+json', 'application/json; charset=latin1']) };
  if (rand() < 0.8) headers['x-api-key'] = 'demo-device-key';
  else if (rand() < 0.5) headers['authorization'] = `Bearer ${rand() < 0.7 ? token : mutateText(token)}`;
  if (r < 0.35) {
    const events = baseEvents(i).map((e) => (rand() < 0.6 ? mutateValue(e) : e));
    body = rand() < 0.5 ? JSON.stringify(events) : events.map((e) => JSON.stringify(e)).join('\n');
    if (rand() < 0.4) body = mutateText(body);
  } else if (r < 0.65) {
    path = pick(['/fhir', '/fhir/Observation']);
    const obs = fhirObservation(i);
    const doc = path === '/fhir' ? { resourceType: 'Bundle', type: pick(['batch', 'transaction', 'collection', 'x']), entry: [{ resource: obs }, { resource: mutateValue(fhirObservation(i + 1)) }] } : mutateValue(obs);
    body = rand() < 0.3 ? mutateText(JSON.stringify(doc)) : JSON.stringify(doc);
  } else if (r < 0.85) {
    method = 'GET';
    headers['authorization'] = `Bearer ${token}`;
    delete headers['x-api-key'];
    path = mutateText(
      pick([
        '/api/alerts?wardId=W-DEMO&state=active,pending&since=2026-01-01T00:00:00Z',
        '/api/alerts?state=active&state=resolved&since=yesterday',
        '/api/patients/P-DEMO-01/observations?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z',
        '/api/events/export?patientId=P-DEMO-01&from=x&to=y',
        '/api/wards/W-DEMO/patients',
        '/api/patients/P-DEMO-01/thresholds',
        '/api/alerts/abc',
        '/api/admin/audit?limit=5',
      ]),
    );
    if (!path.startsWith('/')) path = `/${path}`;
    body = undefined;
  } else {
    headers['authorization'] = `Bearer ${token}`;
    delete headers['x-api-key'];
    headers['content-type'] = 'application/json';
    const [p, b] = pick([
      ['/api/auth/login', { username: 'fuzz-nobody', password: 'wrong-password' }],
      ['/api/alerts/x/acknowledge', { note: 'n', disposition: 'other' }],
      ['/api/patients/P-DEMO-01/thresholds', { values: { sbpLow: 90 }, reason: 'fuzz' }],
      ['/api/patients', { patientId: 'P-DEMO-02', wardId: 'W-OTHER', bed: '1' }],
      ['/api/admin/users', { username: 'x', displayName: 'x', role: 'nurse', wardIds: [], password: 'p' }],
      ['/api/auth/password', { currentPassword: 'x', newPassword: 'y' }],
    ] as const);
    path = p;
    body = rand() < 0.3 ? mutateText(JSON.stringify(b)) : JSON.stringify(mutateValue(b));
  }
  let status: number;
  try {
    const res = await fetch(`${base}${path}`, { method, headers, body });
    status = res.status;
    const text = await res.text();
    if (status >= 500) tally.serverErrors.push(`${status} ${method} ${path.slice(0, 120)} ${JSON.stringify(body?.slice(0, 200))} -> ${text.slice(0, 200)}`);
  } catch (e) {
    // fetch itself refusing a request (an invalid header value from a mutated token) is not the server's answer.
    count(`client-refused:${(e as Error).name}`);
    return;
  }
  count(`${path.startsWith('/fhir') ? 'fhir' : 'rest'} ${status}`);
}

/** One short-lived MLLP connection per mutated input: waits for an ACK or 400 ms of silence. */
function mllpFuzz(port: number, i: number): Promise<void> {
  const r = rand();
  let payload: string;
  if (r < 0.5) payload = frame(mutateText(oru(`FZ${i}`, 'P-DEMO-01', 120)));
  else if (r < 0.7) payload = frame(mutateText(adt(`FZA${i}`)));
  else if (r < 0.85) payload = mutateText(frame(oru(`FZ${i}`, 'P-DEMO-01', pick(['abc', '1e309', '\u0000', '-5', '99999']))));
  else payload = mutateText('garbage without a frame ' + 'x'.repeat(int(2000)));
  return new Promise((resolve) => {
    let got = '';
    const done = (key: string) => {
      clearTimeout(timer);
      socket.destroy();
      count(key);
      resolve();
    };
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(payload, 'utf8'));
    const timer = setTimeout(() => done(got ? 'mllp ack' : 'mllp no-answer'), 400);
    socket.on('data', (d) => {
      got += d.toString('utf8');
      if (got.includes('\x1c\r')) {
        const code = /MSA\|(\w\w)/.exec(got)?.[1] ?? '??';
        if (/internal error; resend later|event store is unavailable/.test(got)) tally.serverErrors.push(`MLLP internal error for ${JSON.stringify(payload.slice(0, 200))}`);
        done(`mllp ${code}`);
      }
    });
    socket.on('error', () => done('mllp socket-error'));
  });
}

async function main() {
  const started = Date.now();
  console.log(`bench:fuzz: starting the service (embedded database, demo ward); ${INPUTS} mutated inputs, seed ${SEED}, ${SENDERS} senders`);
  const svc = await startService({ LOG_LEVEL: 'error', DASHBOARD_DIR: '' }, { quiet: true, timeoutMs: 300_000 });
  const base = svc.url;
  try {
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'physician', password: 'vigil-demo' }) });
    const { token } = (await login.json()) as { token: string };

    // The valid lane: what must keep working while the fuzzing runs.
    const valid = { sent: 0, ok: 0, failures: [] as string[] };
    let stop = false;
    const lane = (async () => {
      const mllp = connect(svc.mllpPort, '127.0.0.1');
      await new Promise((r) => mllp.once('connect', r));
      let acks = '';
      mllp.on('data', (d) => (acks += d.toString('utf8')));
      for (let n = 0; !stop; n++) {
        valid.sent += 3;
        const posted = await fetch(`${base}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-device-key' }, body: JSON.stringify([{ id: `valid-${n}`, patientId: 'P-DEMO-06', time: now(), type: 'vitals', sbp: 118, hr: 76 }]) });
        if (posted.status === 202 && ((await posted.json()) as { accepted: number }).accepted === 1) valid.ok++;
        else valid.failures.push(`REST ${posted.status}`);
        const read = await fetch(`${base}/api/alerts?wardId=W-DEMO`, { headers: { authorization: `Bearer ${token}` } });
        await read.text();
        if (read.status === 200) valid.ok++;
        else valid.failures.push(`GET alerts ${read.status}`);
        const before = acks.length;
        mllp.write(frame(oru(`VALID${n}`, 'P-DEMO-06', 117)));
        const deadline = Date.now() + 10_000;
        while (!acks.slice(before).includes('\x1c\r') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        if (/MSA\|AA\|/.test(acks.slice(before))) valid.ok++;
        else valid.failures.push(`MLLP ${JSON.stringify(acks.slice(before, before + 120))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      mllp.destroy();
    })();

    let next = 0;
    let lastReport = Date.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        for (let i = next++; i < INPUTS; i = next++) {
          const kind = rand();
          if (kind < 0.3) await mllpFuzz(svc.mllpPort, i);
          else await httpFuzz(base, token, i);
          if (Date.now() - lastReport > 5000) {
            lastReport = Date.now();
            console.log(`  ${next}/${INPUTS} inputs, ${tally.serverErrors.length} server errors, valid lane ${valid.ok}/${valid.sent}`);
          }
        }
      }),
    );
    stop = true;
    await lane;
    const health = await fetch(`${base}/health`);
    const seconds = (Date.now() - started) / 1000;
    const statuses = [...tally.byStatus].sort(([a], [b]) => a.localeCompare(b));
    const total = statuses.reduce((n, [, c]) => n + c, 0);
    console.log(`\nbench:fuzz: ${total} mutated inputs in ${seconds.toFixed(0)} s (seed ${SEED})`);
    for (const [k, c] of statuses) console.log(`  ${k.padEnd(28)} ${c}`);
    console.log(`  server errors (HTTP >= 500 or MLLP internal error): ${tally.serverErrors.length}`);
    for (const e of tally.serverErrors.slice(0, 10)) console.log(`    ${e}`);
    console.log(`  valid lane: ${valid.ok}/${valid.sent} accepted (REST vitals, GET alerts, MLLP ORU)${valid.failures.length ? `; failures: ${valid.failures.slice(0, 5).join(' | ')}` : ''}`);
    console.log(`  service health after: ${health.status}`);
    const ok = tally.serverErrors.length === 0 && valid.failures.length === 0 && health.status === 200 && total >= 10_000;
    console.log(ok ? 'PASS' : 'FAIL');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await svc.stop();
  }
}

main().catch((e) => {
  console.error(`bench:fuzz failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
