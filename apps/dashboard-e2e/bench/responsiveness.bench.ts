/**
 * `npm run bench:dashboard`: 60 beds streaming 1 Hz vitals for 60 s into the real service while
 * headless Chromium shows the ward. Reports long tasks (> 50 ms) from PerformanceObserver and the
 * frame rate from requestAnimationFrame. Target: no task over 200 ms.
 */
import { startService } from '@vigil/testing';
import { launchBrowser, login, newContext } from '../src/browser';

const BEDS = 60;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);

async function post(url: string, body: unknown[]) {
  const r = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-device-key' }, body: JSON.stringify(body) });
  if (r.status !== 202) throw new Error(`POST ${r.status}: ${await r.text()}`);
}

async function main() {
  const service = await startService({ VIGIL_DEMO_STREAM: '0', LOG_LEVEL: 'warn' });
  const browser = await launchBrowser();
  try {
    const admits = Array.from({ length: BEDS }, (_, i) => ({ id: `rb-admit-${i}`, patientId: `RB-${i}`, time: new Date(Date.now() - 3_600_000).toISOString(), type: 'admit', wardId: 'W-DEMO', bed: String(100 + i), weightKg: 60 + (i % 30), displayName: `Bench ${i}` }));
    await post(service.url, admits);
    const page = await (await newContext(browser)).newPage();
    await login(page, service.url, 'physician');
    await page.getByTestId(`bed-tile-RB-${BEDS - 1}`).waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      const w = window as unknown as { __bench: { longTasks: number[]; frames: number; start: number } };
      w.__bench = { longTasks: [], frames: 0, start: performance.now() };
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__bench.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
      const frame = () => {
        w.__bench.frames++;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    process.stderr.write(`streaming ${BEDS} beds at 1 Hz for ${SECONDS}s `);
    for (let s = 0; s < SECONDS; s++) {
      const t0 = Date.now();
      const time = new Date().toISOString();
      await post(
        service.url,
        Array.from({ length: BEDS }, (_, i) => {
          const low = i % 15 === 0 && s > 5; // a few beds turn hypotensive: alerts, sounds, re-sorting
          return { id: `rb-${i}-${s}`, patientId: `RB-${i}`, time, type: 'vitals', sbp: low ? 84 : 110 + ((i + s) % 20), dbp: low ? 50 : 70, map: low ? 61 : 84, hr: 80 + ((i * 7 + s) % 30), spo2: 95 + ((i + s) % 4), rr: 16, temp: 37.1, method: 'nibp' };
        }),
      );
      if (s % 10 === 0) process.stderr.write('.');
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - t0))));
    }
    process.stderr.write('\n');
    const r = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { longTasks: number[]; frames: number; start: number } }).__bench;
      return { longTasks: b.longTasks, fps: (b.frames * 1000) / (performance.now() - b.start) };
    });
    const sorted = [...r.longTasks].sort((a, b) => a - b);
    const tiles = await page.locator('[data-testid^="bed-tile-"]').count();
    console.log('| beds | seconds | tiles rendered | long tasks (> 50 ms) | longest task ms | median long task ms | tasks > 200 ms | frames/s |');
    console.log('|---|---|---|---|---|---|---|---|');
    console.log(`| ${BEDS} | ${SECONDS} | ${tiles} | ${sorted.length} | ${sorted.length ? sorted[sorted.length - 1].toFixed(0) : 0} | ${sorted.length ? sorted[Math.floor(sorted.length / 2)].toFixed(0) : '-'} | ${sorted.filter((d) => d > 200).length} | ${r.fps.toFixed(1)} |`);
  } finally {
    await browser.close();
    await service.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
