import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { login, newContext, screenshotDir } from './browser';
import { useServiceAndBrowser } from './e2e-fixture';
import { postEvents } from './service-api';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const nibp = (id: string, patientId: string, at: number, sbp: number, map: number) => ({ id, patientId, time: iso(at), type: 'vitals', sbp, map, method: 'nibp' });

/** The row of the patient's MEDIUM hypotension alert, and its id. */
async function mediumHypotension(page: Page, patientId: string) {
  const row = page.locator(`[data-testid^="alert-row-${patientId}:hypotension"][data-severity="medium"]`).first();
  await row.waitFor({ timeout: 60_000 });
  return { row, id: (await row.getAttribute('data-testid'))!.replace('alert-row-', '') };
}

describe('dashboard: per-alert silence and shelve, sound test', () => {
  const f = useServiceAndBrowser();

  beforeAll(async () => {
    const now = Date.now() - MIN;
    await postEvents(f.service, [nibp('sil-1', 'P-DEMO-02', now - 3 * MIN, 86, 64), nibp('sil-2', 'P-DEMO-02', now - 2 * MIN, 85, 63), nibp('shv-1', 'P-DEMO-05', now - 3 * MIN, 86, 64), nibp('shv-2', 'P-DEMO-05', now - 2 * MIN, 84, 62)]);
  }, 240_000);

  it('a nurse silences with a reason (validation shown), everyone sees it on the queue and the tile; a physician shelves; the sound test plays', async () => {
    const nursePage = await (await newContext(f.browser)).newPage();
    const physicianPage = await (await newContext(f.browser, { width: 1366, height: 768 })).newPage();
    try {
      await login(nursePage, f.service.url, 'nurse');
      await login(physicianPage, f.service.url, 'physician');
      const silenced = await mediumHypotension(nursePage, 'P-DEMO-02');

      // Sound test: the button plays the HIGH burst and says so (Chromium runs with autoplay allowed).
      await nursePage.getByTestId('sound-test').click();
      await nursePage.getByTestId('sound-test-result').waitFor();
      expect(await nursePage.getByTestId('sound-test-result').textContent()).toBe('Test sound played');
      expect(Number(await nursePage.getByTestId('sound-control').getAttribute('data-played'))).toBeGreaterThanOrEqual(1);

      // A nurse may silence but not shelve; a reason is required and the server's field error is shown.
      await nursePage.getByTestId(`silence-button-${silenced.id}`).click();
      expect(await nursePage.getByTestId('silence-kind-shelve').isDisabled()).toBe(true);
      await nursePage.getByTestId('silence-submit').click();
      await nursePage.getByTestId('silence-error').waitFor();
      expect(await nursePage.getByTestId('silence-error').textContent()).toMatch(/^reason: /);
      await nursePage.getByTestId('silence-reason').fill('bolus running, BP recheck in 10 min');
      await nursePage.getByTestId('silence-minutes').selectOption('10');
      await nursePage.getByTestId('silence-submit').click();
      await nursePage.locator(`[data-testid="alert-row-${silenced.id}"][data-silenced="silence"]`).first().waitFor();
      expect(await nursePage.getByTestId(`silence-note-${silenced.id}`).textContent()).toMatch(/^Silenced by Demo Nurse until \d{1,2}:\d{2}.*bolus running, BP recheck in 10 min/);

      // Visible to all: the physician's screen shows it live, on the queue row and on the bed tile's badge.
      await physicianPage.locator(`[data-testid="alert-row-${silenced.id}"][data-silenced="silence"]`).first().waitFor({ timeout: 15_000 });
      await physicianPage.getByTestId('bed-tile-P-DEMO-02').locator('[data-silenced="silence"]', { hasText: 'silenced' }).waitFor();

      // The physician shelves the other alert: it leaves the queue for the shelved list, on both screens.
      const shelved = await mediumHypotension(physicianPage, 'P-DEMO-05');
      await physicianPage.getByTestId(`silence-button-${shelved.id}`).click();
      await physicianPage.getByTestId('silence-kind-shelve').check();
      await physicianPage.getByTestId('silence-minutes').selectOption('120');
      await physicianPage.getByTestId('silence-reason').fill('chronically low BP, reviewed');
      await physicianPage.getByTestId('silence-submit').click();
      await physicianPage.getByTestId('shelved-alerts').getByTestId(`alert-row-${shelved.id}`).waitFor();
      await nursePage.getByTestId('shelved-alerts').getByTestId(`alert-row-${shelved.id}`).waitFor({ timeout: 15_000 });
      expect(await physicianPage.locator(`[data-testid="alert-queue"] > ol [data-testid="alert-row-${shelved.id}"]`).count()).toBe(0);
      await physicianPage.screenshot({ path: join(screenshotDir, 'ward-view-silenced-shelved-1366.png') });
      await nursePage.screenshot({ path: join(screenshotDir, 'ward-view-silenced-shelved-1920.png') });

      // Lifted by the nurse: the row is back in the queue, unsilenced, on both screens.
      await nursePage.getByTestId(`silence-lift-${shelved.id}`).click();
      await physicianPage.locator(`[data-testid="alert-queue"] > ol [data-testid="alert-row-${shelved.id}"]:not([data-silenced])`).waitFor({ timeout: 15_000 });
    } catch (e) {
      await nursePage.screenshot({ path: join(screenshotDir, 'failure-silence-nurse.png') }).catch(() => undefined);
      await physicianPage.screenshot({ path: join(screenshotDir, 'failure-silence-physician.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- service output ---\n${f.service.output().slice(-4000)}`, { cause: e });
    }
  });

  it('a physician changes a patient threshold in the UI: a bad value shows the server\'s field error, a good one is in force with who, when and why; a nurse cannot edit', async () => {
    const page = await (await newContext(f.browser)).newPage();
    const nursePage = await (await newContext(f.browser, { width: 390, height: 844 })).newPage();
    try {
      await login(page, f.service.url, 'physician');
      await page.goto(`${f.service.url}/#/ward/W-DEMO/patient/P-DEMO-03`);
      await page.getByTestId('thresholds-edit').click();
      await page.getByTestId('threshold-input-sbpLow').fill('-5');
      await page.getByTestId('thresholds-reason').fill('runs low at baseline');
      await page.getByTestId('thresholds-submit').click();
      await page.getByTestId('threshold-error-sbpLow').waitFor();
      expect(await page.getByTestId('threshold-error-sbpLow').textContent()).toBe('a threshold cannot be negative');

      await page.getByTestId('threshold-input-sbpLow').fill('95');
      await page.getByTestId('thresholds-reason').fill('x');
      await page.getByTestId('thresholds-submit').click();
      await page.getByTestId('thresholds-errors').waitFor();
      expect(await page.getByTestId('thresholds-errors').textContent()).toMatch(/^reason: /);

      await page.getByTestId('thresholds-reason').fill('runs at 100 systolic at baseline; 95 is low for him');
      await page.getByTestId('thresholds-submit').click();
      await page.getByTestId('thresholds-saved').waitFor();
      expect(await page.getByTestId('threshold-sbpLow').textContent()).toBe('95 mmHg');
      expect(await page.getByTestId('thresholds-since').textContent()).toMatch(/^Changed .+ by Dr\. Demo Physician \(this patient\): “runs at 100 systolic at baseline; 95 is low for him”$/);
      await page.screenshot({ path: join(screenshotDir, 'patient-view-thresholds.png') });

      // The nurse sees what is in force, and no way to change it (on a phone).
      await login(nursePage, f.service.url, 'nurse');
      await nursePage.goto(`${f.service.url}/#/ward/W-DEMO/patient/P-DEMO-03`);
      await nursePage.getByTestId('threshold-sbpLow').waitFor();
      expect(await nursePage.getByTestId('threshold-sbpLow').textContent()).toBe('95 mmHg');
      expect(await nursePage.getByTestId('thresholds-edit').count()).toBe(0);
      await nursePage.getByTestId('thresholds').screenshot({ path: join(screenshotDir, 'patient-thresholds-phone.png') });
    } catch (e) {
      await page.screenshot({ path: join(screenshotDir, 'failure-thresholds.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- service output ---\n${f.service.output().slice(-4000)}`, { cause: e });
    }
  });

  it('alert history: filters by patient, state and text on the server, shows the audit trail with the silences, and exports CSV', async () => {
    const context = await f.browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    const page = await context.newPage();
    try {
      await login(page, f.service.url, 'nurse');
      await page.getByTestId('open-history').click();
      await page.getByTestId('history-table').waitFor();
      expect(await page.getByTestId('history-count').textContent()).toMatch(/^([2-9]|[1-9]\d) alerts · page 1 of 1$/);

      await page.getByTestId('filter-patient').selectOption('P-DEMO-02');
      await page.getByTestId('filter-state').selectOption('active');
      await page.getByTestId('filter-q').fill('SBP');
      await page.getByTestId('filter-apply').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="history-count"]')?.textContent === '1 alert · page 1 of 1');
      const row = page.locator('[data-testid^="history-row-P-DEMO-02:hypotension"]');
      expect(await row.count()).toBe(1);
      const alertId = (await row.getAttribute('data-testid'))!.replace('history-row-', '');

      // The audit trail: transitions, and the nurse's silence with who, until when and why.
      await page.getByTestId(`history-trail-${alertId}`).click();
      await page.getByTestId(`audit-silences-${alertId}`).waitFor();
      expect(await page.getByTestId(`audit-silences-${alertId}`).textContent()).toMatch(/Silenced .+ by Demo Nurse until .+: “bolus running, BP recheck in 10 min”/);
      await page.screenshot({ path: join(screenshotDir, 'alert-history-1366.png') });

      // No match: said in words.
      await page.getByTestId('filter-state').selectOption('resolved');
      await page.getByTestId('filter-apply').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="history-count"]')?.textContent === '0 alerts · page 1 of 1');

      // CSV of what the filters select (cleared: the whole ward), downloaded by the browser.
      await page.getByRole('button', { name: 'Clear' }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export').click()]);
      expect(download.suggestedFilename()).toMatch(/^vigil-alerts-W-DEMO-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.split('\r\n').filter(Boolean);
      expect(lines[0]).toBe('alert_id,ward,bed,patient_id,patient_name,rule,severity,state,opened_at,acknowledged_at,acknowledged_by,ack_decision,ack_note,resolved_at,escalation_level,message');
      expect(lines.some((l) => l.startsWith(`${alertId},W-DEMO,2,P-DEMO-02,B. Okafor,hypotension,medium,`))).toBe(true);

      // On a phone the filters wrap and the table stays readable.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(screenshotDir, 'alert-history-phone.png'), fullPage: true });
    } catch (e) {
      await page.screenshot({ path: join(screenshotDir, 'failure-history.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- service output ---\n${f.service.output().slice(-4000)}`, { cause: e });
    }
  });
});
