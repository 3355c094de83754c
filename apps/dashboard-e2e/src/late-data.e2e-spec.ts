import { join } from 'node:path';
import { screenshotDir } from './browser';
import { openWard, useServiceAndBrowser, withFailureEvidence } from './e2e-fixture';
import { asUser, postEvents } from './service-api';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * §10 "Late, out-of-order and corrected data", seen by the nurse: two cuff readings charted 20 min
 * after they were taken raise a hypotension alert that the queue marks "charted late" with both
 * times; the REST detail and the live transition carry `effectiveAt` and `recordedAt`. A urine volume
 * corrected by its id cancels the oliguria alert it raised: the alert leaves the queue and the screen
 * shows it cancelled, why, and that it was charted late.
 */
describe('dashboard: alerts raised by late data say "charted late"', () => {
  const f = useServiceAndBrowser();

  it('shows the late alert with when it happened and when it was recorded', async () => {
    const pid = 'P-DEMO-06';
    const now = Date.now();
    // A temperature charted now: the patient's data run up to now.
    await postEvents(f.service, [{ id: 'late-e2e-temp', patientId: pid, time: iso(now - MIN), type: 'vitals', temp: 37.1 }]);
    const page = await openWard(f, { username: 'nurse' });
    await withFailureEvidence(f, page, 'charted-late', async () => {
      // Then the cuff readings of 20 min ago: late.
      await postEvents(f.service, [
        { id: 'late-e2e-bp1', patientId: pid, time: iso(now - 22 * MIN), type: 'vitals', sbp: 86, map: 64, method: 'nibp' },
        { id: 'late-e2e-bp2', patientId: pid, time: iso(now - 20 * MIN), type: 'vitals', sbp: 85, map: 63, method: 'nibp' },
      ]);
      const row = page.locator(`[data-testid^="alert-row-${pid}:hypotension"]`).first();
      await row.waitFor({ timeout: 60_000 });
      const id = (await row.getAttribute('data-testid'))!.replace('alert-row-', '');
      const note = page.getByTestId(`charted-late-${id}`);
      await note.waitFor();
      expect(await note.textContent()).toMatch(/^Charted late: happened \d{1,2}:\d{2}, recorded \d{1,2}:\d{2} \((20|21|22|23) min later\)$/);
      await page.screenshot({ path: join(screenshotDir, 'ward-view-charted-late.png') });

      // The same times through REST: the alert and its raising transition.
      const physician = await asUser(f.service, 'physician');
      const detail = await physician('GET', `/api/alerts/${encodeURIComponent(id)}`);
      expect(detail.status).toBe(200);
      // The alert keeps the times of its raise, which happened at the readings' time.
      const raised = detail.body.history.find((h: { type: string }) => h.type === 'raised');
      expect(detail.body.chartedLate).toEqual({ effectiveAt: raised.effectiveAt, recordedAt: raised.recordedAt });
      expect(Date.parse(raised.effectiveAt)).toBeLessThanOrEqual(now - 20 * MIN);
      expect(Date.parse(raised.recordedAt)).toBeGreaterThanOrEqual(now - 2 * MIN);
    });
  });

  it('a corrected urine volume cancels the oliguria alert: it leaves the queue and shows as cancelled, with why and "charted late"', async () => {
    const pid = 'P-DEMO-02'; // 74 kg: oliguria below 37 mL/h
    const now = Date.now();
    const hour = 60 * MIN;
    const urine = (id: string, hoursAgo: number, volumeMl: number) => ({ id, patientId: pid, time: iso(now - (hoursAgo - 1) * hour), type: 'urine', volumeMl, periodStart: iso(now - hoursAgo * hour) });
    const page = await openWard(f, { username: 'nurse' });
    await withFailureEvidence(f, page, 'cancelled-by-correction', async () => {
      await postEvents(f.service, [urine('corr-e2e-uo1', 2.2, 8), urine('corr-e2e-uo2', 1.2, 5)]);
      const queued = page.locator(`[data-testid="alert-queue"] [data-testid^="alert-row-${pid}:oliguria"]`).first();
      await queued.waitFor({ timeout: 60_000 });
      const id = (await queued.getAttribute('data-testid'))!.replace('alert-row-', '');

      // The nurse recounts the second hour: 55 mL, sent again under the same id.
      await postEvents(f.service, [urine('corr-e2e-uo2', 1.2, 55)]);
      const closed = page.getByTestId('alert-history').getByTestId(`alert-row-${id}`);
      await closed.waitFor({ timeout: 30_000 });
      expect(await closed.getAttribute('data-state')).toBe('cancelled');
      expect(await closed.getByTestId(`cancelled-note-${id}`).textContent()).toMatch(/^Cancelled \d{1,2}:\d{2} .*: late or corrected data no longer show it$/);
      // The urine was charted after the hour it describes: the row says so, with both times.
      expect(await closed.getByTestId(`charted-late-${id}`).textContent()).toMatch(/^Charted late: happened \d{1,2}:\d{2}, recorded \d{1,2}:\d{2} \(\d+ min later\)$/);
      await page.locator(`[data-testid="alert-queue"] [data-testid="alert-row-${id}"]`).waitFor({ state: 'detached', timeout: 10_000 });
      expect(await page.locator(`[data-testid="alert-queue"] [data-testid="alert-row-${id}"]`).count()).toBe(0);
      await page.screenshot({ path: join(screenshotDir, 'ward-view-cancelled-by-correction.png') });
    });
  });
});
