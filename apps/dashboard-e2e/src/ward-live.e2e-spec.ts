import { join } from 'node:path';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { startService, type ServiceProcess } from '@vigil/testing';
import { launchBrowser, login, newContext, screenshotDir } from './browser';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function postHypotension(service: ServiceProcess, patientId: string, tag: string) {
  const body = [
    { id: `${tag}-1`, patientId, time: minutesAgo(1), type: 'vitals', sbp: 86, dbp: 50, map: 62, method: 'nibp' },
    { id: `${tag}-2`, patientId, time: minutesAgo(0.5), type: 'vitals', sbp: 84, dbp: 49, map: 61, method: 'nibp' },
  ];
  const res = await fetch(`${service.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-device-key' }, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
}

/** Lets the test cut a page's live connection (WebSocket and long-polling) and give it back. */
async function controllableLink(page: Page) {
  let offline = false;
  const open: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (offline) return void ws.close();
    ws.connectToServer();
    open.push(ws);
  });
  await page.route(/\/socket\.io\//, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  return {
    cut: async () => {
      offline = true;
      for (const ws of open.splice(0)) await ws.close();
    },
    restore: () => {
      offline = false;
    },
  };
}

const alertRow = (page: Page, patientId: string) => page.locator(`[data-testid^="alert-row-${patientId}:hypotension"]`).first();

describe('dashboard: live alerts for a physician and a nurse, and catch-up after a dropped connection', () => {
  let service: ServiceProcess;
  let browser: Browser;

  beforeAll(async () => {
    service = await startService({ VIGIL_DEMO_STREAM: '0', TICK_INTERVAL_MS: '500' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('shows a posted alert live to both, lets only the physician acknowledge, and catches the nurse up after a cut', async () => {
    const doctor = await (await newContext(browser)).newPage();
    const nurse = await (await newContext(browser, { width: 1366, height: 768 })).newPage();
    const link = await controllableLink(nurse);
    try {
      await login(doctor, service.url, 'physician');
      await login(nurse, service.url, 'nurse');
      for (const page of [doctor, nurse]) await page.locator('[data-testid="connection-banner"][data-status="connected"]').waitFor({ timeout: 30_000 });

      await postHypotension(service, 'P-DEMO-05', 'live-a');
      const doctorRow = alertRow(doctor, 'P-DEMO-05');
      const nurseRow = alertRow(nurse, 'P-DEMO-05');
      await doctorRow.waitFor({ timeout: 20_000 });
      await nurseRow.waitFor({ timeout: 20_000 });
      const alertId = (await doctorRow.getAttribute('data-testid'))!.replace('alert-row-', '');

      // A nurse sees the alert but cannot acknowledge it.
      const nurseAck = nurse.getByTestId(`ack-button-${alertId}`);
      expect((await nurseAck.count()) === 0 || (await nurseAck.isDisabled())).toBe(true);

      await doctor.getByTestId(`ack-button-${alertId}`).click();
      await doctor.getByTestId('ack-note').fill('fluids running');
      await doctor.getByTestId('ack-disposition').selectOption('fluids-given');
      await doctor.getByTestId('ack-submit').click();
      await nurse.locator(`[data-testid="alert-row-${alertId}"][data-state="acknowledged"]`).first().waitFor({ timeout: 15_000 });

      // Cut the nurse's connection; an alert is raised while she is away.
      await link.cut();
      await nurse.locator('[data-testid="connection-banner"]:not([data-status="connected"])').waitFor({ timeout: 20_000 });
      await nurse.screenshot({ path: join(screenshotDir, 'ward-view-reconnecting-1366.png') });
      // Offline (20 s down): every tile is greyed with the reason, and the banner speaks plainly.
      await nurse.locator('[data-testid="connection-banner"][data-status="offline"]').waitFor({ timeout: 40_000 });
      const tiles = await nurse.locator('[data-testid^="bed-tile-"]').count();
      expect(tiles).toBeGreaterThan(0);
      await nurse.locator('[data-testid^="bed-tile-"][data-greyed="true"]').nth(tiles - 1).waitFor({ timeout: 5_000 });
      expect(await nurse.locator('[data-testid^="stale-"]').first().textContent()).toContain('Screen offline since');
      const banner = (await nurse.getByTestId('connection-banner').textContent()) ?? '';
      expect(banner).not.toMatch(/xhr poll error|websocket error|transport close/);
      await nurse.screenshot({ path: join(screenshotDir, 'ward-view-offline-1366.png') });
      await postHypotension(service, 'P-DEMO-06', 'live-b');
      await alertRow(doctor, 'P-DEMO-06').waitFor({ timeout: 20_000 });
      expect(await alertRow(nurse, 'P-DEMO-06').count()).toBe(0);

      link.restore();
      await nurse.locator('[data-testid="connection-banner"][data-status="connected"]').waitFor({ timeout: 30_000 });
      await alertRow(nurse, 'P-DEMO-06').waitFor({ timeout: 15_000 });
      expect(await nurse.locator('[data-testid^="alert-row-P-DEMO-06:hypotension"]').count()).toBe(1);
      await nurse.screenshot({ path: join(screenshotDir, 'ward-view-nurse-1366.png') });

      // The patient view with its trends.
      await doctor.getByTestId('bed-tile-P-DEMO-05').getByTitle('Open trends and alert history').click();
      await doctor.getByTestId('patient-view').waitFor({ timeout: 15_000 });
      await doctor.waitForTimeout(1000);
      await doctor.screenshot({ path: join(screenshotDir, 'patient-view.png'), fullPage: true });
    } catch (e) {
      await doctor.screenshot({ path: join(screenshotDir, 'failure-ward-live-doctor.png') }).catch(() => undefined);
      await nurse.screenshot({ path: join(screenshotDir, 'failure-ward-live-nurse.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- service output ---\n${service.output().slice(-3000)}`, { cause: e });
    }
  });
});
