// Responsiveness benchmark (issue 6): the ward view under N beds of 1 Hz vitals for D seconds.
// Reports long tasks (> 50 ms) and the frame rate Chromium achieved; exits 1 if a task exceeds the limit.
//   node apps/dashboard/dev/mock-server.mjs --beds 60 --port 3999 &   (the mock streams by itself)
//   node apps/dashboard/dev/render-bench.mjs [--url http://localhost:3999] [--seconds 60] [--limit-ms 200] [--out artifacts/dashboard/bench.json]
// Against the real service, --feed N admits N patients to --ward (default W-DEMO) through POST /api/events
// with --api-key (default demo-device-key) and posts 1 Hz vitals for each while measuring:
//   node apps/dashboard/dev/render-bench.mjs --url http://localhost:3000 --feed 60
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const url = arg('url', 'http://localhost:3999');
const seconds = Number(arg('seconds', 60));
const limitMs = Number(arg('limit-ms', 200));
const out = arg('out', null);
const feed = Number(arg('feed', 0));
const ward = arg('ward', 'W-DEMO');
const apiKey = arg('api-key', 'demo-device-key');

const postEvents = async (events) => {
  const res = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Api-Key': apiKey }, body: JSON.stringify(events) });
  if (res.status !== 202) throw new Error(`POST /api/events answered ${res.status}: ${await res.text()}`);
};
const runId = Date.now().toString(36);
const fed = Array.from({ length: feed }, (_, i) => `BENCH-${runId}-${String(i + 1).padStart(3, '0')}`);
if (feed > 0) {
  const time = new Date().toISOString();
  await postEvents(fed.map((patientId, i) => ({ id: `admit-${patientId}`, patientId, time, type: 'admit', wardId: ward, bed: `B${i + 1}`, weightKg: 60 + (i % 30), displayName: `Bench ${i + 1}`, mrn: `B${runId}${i}` })));
}
let feedTimer = null;
let fedEvents = 0;
const startFeed = () => {
  if (feed === 0) return;
  let n = 0;
  feedTimer = setInterval(() => {
    n++;
    const time = new Date().toISOString();
    const batch = fed.map((patientId, i) => {
      const k = Math.sin(n / 10 + i);
      return { id: `v-${patientId}-${n}`, patientId, time, type: 'vitals', sbp: Math.round(115 + k * 12), dbp: Math.round(68 + k * 6), map: Math.round(84 + k * 8), hr: Math.round(95 + k * 10), spo2: 97, method: 'arterial' };
    });
    fedEvents += batch.length;
    postEvents(batch).catch((e) => console.error(e.message));
  }, 1000);
};

const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'vigil-bench-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1920, height: 1080 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
await page.goto(url);
await page.getByTestId('login-username').fill('nurse');
await page.getByTestId('login-password').fill('vigil-demo');
await page.getByTestId('login-submit').click();
await page.locator('[data-testid="connection-banner"][data-status="connected"]').waitFor({ timeout: 20_000 });
await page.locator('[data-testid^="bed-tile-"]').first().waitFor();
startFeed();
if (feed > 0) await page.locator(`[data-testid="bed-tile-${fed[feed - 1]}"]`).waitFor({ timeout: 30_000 });
const beds = await page.locator('[data-testid^="bed-tile-"]').count();

const result = await page.evaluate(async (ms) => {
  const longTasks = [];
  const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(Math.round(e.duration))));
  obs.observe({ type: 'longtask', buffered: false });
  let frames = 0;
  let worstFrame = 0;
  let last = performance.now();
  const start = last;
  await new Promise((done) => {
    const tick = (t) => {
      frames++;
      worstFrame = Math.max(worstFrame, t - last);
      last = t;
      if (t - start < ms) requestAnimationFrame(tick);
      else done();
    };
    requestAnimationFrame(tick);
  });
  obs.disconnect();
  const elapsed = (performance.now() - start) / 1000;
  return { seconds: Math.round(elapsed), fps: Math.round((frames / elapsed) * 10) / 10, worstFrameMs: Math.round(worstFrame), longTasks: longTasks.length, longestTaskMs: Math.max(0, ...longTasks), longTasksMs: longTasks };
}, seconds * 1000);

if (feedTimer) clearInterval(feedTimer);
const report = { url, beds, fedEvents, ...result, limitMs, pass: result.longestTaskMs <= limitMs };
console.log(JSON.stringify({ ...report, longTasksMs: report.longTasksMs.slice(0, 50) }, null, 2));
if (out) {
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(resolve(out), JSON.stringify(report, null, 2));
}
await ctx.close();
process.exit(report.pass ? 0 : 1);
