import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startService, type ServiceProcess } from '@vigil/testing';
import { launchBrowser, login, newContext, screenshotDir } from './browser';

describe('dashboard: the demo alert, live, acknowledged by a physician', () => {
  let service: ServiceProcess;
  let browser: Browser;

  beforeAll(async () => {
    // Demo stream at 5× so bed 3's hypotension shows within seconds.
    service = await startService({ VIGIL_DEMO_STREAM: '1', VIGIL_DEMO_SPEED: '5', TICK_INTERVAL_MS: '500' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('logs in, sees the demo alert appear, acknowledges it, and sees the state change', async () => {
    const page = await (await newContext(browser)).newPage();
    try {
      await login(page, service.url, 'physician');
      // The first low reading raises a LOW recheck prompt (§10); the second confirms it MEDIUM.
      const row = page.locator('[data-testid^="alert-row-P-DEMO-03:hypotension"][data-severity="medium"]').first();
      await row.waitFor({ timeout: 60_000 });
      expect(await row.getAttribute('data-state')).toBe('active');
      expect(await row.getAttribute('data-severity')).toBe('medium');
      await page.screenshot({ path: join(screenshotDir, 'ward-view-alert.png') });

      const alertId = (await row.getAttribute('data-testid'))!.replace('alert-row-', '');
      await page.getByTestId(`ack-button-${alertId}`).click();
      await page.getByTestId('ack-note').fill('500 mL bolus, next dose held');
      await page.getByTestId('ack-disposition').selectOption('dose-held');
      await page.getByTestId('ack-submit').click();
      await page.locator(`[data-testid="alert-row-${alertId}"][data-state="acknowledged"]`).first().waitFor({ timeout: 15_000 });
      // Human text: the physician's display name, local times, no machine field names or ISO times.
      expect(await page.getByTestId(`acked-by-${alertId}`).first().textContent()).toBe('Dr. Demo Physician');
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(text).not.toMatch(/\b(sbp|volumeMl|last_vitals|last_urine|type vitals) /);
      await page.screenshot({ path: join(screenshotDir, 'ward-view-acknowledged.png') });
    } catch (e) {
      await page.screenshot({ path: join(screenshotDir, 'failure-demo-alert.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- service output ---\n${service.output().slice(-4000)}`, { cause: e });
    }
  });
});
