import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { login, newContext, screenshotDir } from './browser';
import { useServiceAndBrowser } from './e2e-fixture';
import { postEvents } from './service-api';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Collections of `ml` mL every 5 min, the newest ending at `lastEnd`. */
const fiveMinuteUrine = (patientId: string, count: number, ml: number, lastEnd: number) =>
  Array.from({ length: count }, (_, i) => {
    const end = lastEnd - (count - 1 - i) * 5 * MIN;
    return { id: `${patientId}-u5-${i}`, patientId, time: iso(end), periodStart: iso(end - 5 * MIN), type: 'urine', volumeMl: ml };
  });

const cell = (page: Page, patientId: string, vital: string) => page.getByTestId(`bed-tile-${patientId}`).getByTestId(`vital-${vital}`);

describe('dashboard: urine, temperature, RR and oxygen on the tiles and charts, from known streams', () => {
  const f = useServiceAndBrowser();

  it('shows the last complete hour, "awaiting first hour", "—" and the 8-h total against its threshold', async () => {
    const now = Date.now() - MIN;
    // Bed 2 (74 kg): 70 min of 6 mL every 5 min = 72 mL in the last hour (0.97 mL/kg/h), 84 mL so far.
    await postEvents(f.service, fiveMinuteUrine('P-DEMO-02', 14, 6, now));
    // Bed 1: only 20 min charted so far.
    await postEvents(f.service, fiveMinuteUrine('P-DEMO-01', 4, 6, now));
    // Bed 4: 15 mL every hour for 8 h = 120 mL per shift, below the 160 mL threshold.
    await postEvents(
      f.service,
      Array.from({ length: 8 }, (_, i) => ({ id: `P-DEMO-04-uh-${i}`, patientId: 'P-DEMO-04', time: iso(now - (7 - i) * 60 * MIN), periodStart: iso(now - (8 - i) * 60 * MIN), type: 'urine', volumeMl: 15 })),
    );
    // Bed 5: temperature, RR and oxygen.
    await postEvents(f.service, [
      { id: 'v-5a', patientId: 'P-DEMO-05', time: iso(now - 20 * MIN), type: 'vitals', sbp: 120, dbp: 72, map: 88, hr: 88, spo2: 97, rr: 18, temp: 37.9, o2FlowLpm: 0 },
      { id: 'v-5b', patientId: 'P-DEMO-05', time: iso(now), type: 'vitals', sbp: 118, dbp: 70, map: 86, hr: 92, spo2: 95, rr: 23, temp: 38.6, o2FlowLpm: 2 },
    ]);

    const page = await (await newContext(f.browser)).newPage();
    try {
      await login(page, f.service.url, 'physician');
      await page.locator('[data-testid="connection-banner"][data-status="connected"]').waitFor({ timeout: 30_000 });
      await expectText(page, 'P-DEMO-02', 'urine-hour', 'Urine 1 h72 mL0.97 mL/kg/h');
      await expectText(page, 'P-DEMO-02', 'urine-shift', 'Urine 8 h84 mLin 1.2 h');
      await expectText(page, 'P-DEMO-01', 'urine-hour', 'Urine 1 hawaitingfirst hour');
      await expectText(page, 'P-DEMO-01', 'urine-shift', 'Urine 8 h24 mLin 0.3 h');
      await expectText(page, 'P-DEMO-03', 'urine-hour', 'Urine 1 h—');
      await expectText(page, 'P-DEMO-04', 'urine-hour', 'Urine 1 h15 mL0.17 mL/kg/h');
      await expectText(page, 'P-DEMO-04', 'urine-shift', 'Urine 8 h120 mLmin 160');
      expect(await cell(page, 'P-DEMO-04', 'urine-shift').getAttribute('class')).toContain('vital--abnormal');
      await expectText(page, 'P-DEMO-05', 'temp', 'Temp °C38.6');
      await expectText(page, 'P-DEMO-05', 'rr', 'RR /min23');
      await expectText(page, 'P-DEMO-05', 'spo2', 'SpO₂ %952 L/min O₂');

      // Compact tiles keep temperature, RR and both urine values.
      await page.getByTestId('density-toggle').click();
      for (const v of ['temp', 'rr', 'urine-hour', 'urine-shift']) expect(await cell(page, 'P-DEMO-05', v).isVisible()).toBe(true);
      await expectText(page, 'P-DEMO-05', 'temp', 'Temp °C38.6');
      await page.screenshot({ path: join(screenshotDir, 'ward-tiles-urine-temp-rr-compact.png') });
      await page.getByTestId('density-toggle').click();

      // The charts: temperature and RR (with O₂ flow) next to the hourly urine.
      await page.getByTestId('tile-name-P-DEMO-05').click();
      await page.getByTestId('chart-temp').waitFor({ timeout: 15_000 });
      await page.getByTestId('chart-rr').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-temp"] .recharts-line-curve').length > 0, undefined, { timeout: 15_000 });
      expect(await page.getByTestId('chart-rr').textContent()).toContain('O₂ flow');
      await page.getByTestId('back-to-ward').click();
      await page.getByTestId('tile-name-P-DEMO-02').click();
      await page.getByTestId('chart-urine').waitFor({ timeout: 15_000 });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-urine"] .recharts-bar-rectangle').length >= 2, undefined, { timeout: 15_000 });
      // The hour being collected is drawn faded, not as a collapse of urine output.
      expect(await page.getByTestId('chart-urine').textContent()).toContain('faded: hour not fully collected yet');
      await page.screenshot({ path: join(screenshotDir, 'patient-view-urine-temp-rr.png'), fullPage: true });
    } catch (e) {
      await page.screenshot({ path: join(screenshotDir, 'failure-tile-values.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- service output ---\n${f.service.output().slice(-3000)}`, { cause: e });
    }
  });
});

async function expectText(page: Page, patientId: string, vital: string, text: string) {
  const c = cell(page, patientId, vital);
  await c.waitFor({ timeout: 20_000 });
  // The tile refreshes from REST; wait for the value rather than reading once.
  await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want, [`[data-testid="bed-tile-${patientId}"] [data-testid="vital-${vital}"]`, text] as const, { timeout: 20_000 }).catch(async () => {
    throw new Error(`bed ${patientId} ${vital}: expected "${text}", got "${await c.textContent()}"`);
  });
}
