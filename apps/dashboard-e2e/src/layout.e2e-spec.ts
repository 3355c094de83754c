import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir } from './browser';
import { openWard, useServiceAndBrowser, withFailureEvidence, type E2eFixture } from './e2e-fixture';
import { postEvents } from './service-api';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const longNames = ['Maximiliana Oyelaran-Thorsdottir', 'Jean-Baptiste de La Rochefoucauld', 'Nguyen Thi Minh Khai', 'Oluwaseun Adebayo-Williams', 'Krzysztof Wróblewski-Nowak', 'A. Lindqvist'];

/**
 * Admits `count` patients with long names to `wardId` and charts worst-case-width values for each;
 * the patients at `stale` positions last sent data 20 min ago (their tiles grey out with the reason).
 * Each has an open dose gate decision, the tallest a tile gets.
 */
async function fillWard(f: E2eFixture, wardId: string, count: number, firstBed: number, stale: number[] = []) {
  const events: object[] = [];
  for (let i = 0; i < count; i++) {
    const now = Date.now() - (stale.includes(i) ? 20 : 1) * MIN;
    const id = `${wardId}-P${i}`;
    events.push({ id: `${id}-admit`, patientId: id, time: iso(now - 9 * 60 * MIN), type: 'admit', wardId, bed: String(firstBed + i), weightKg: 70 + i, displayName: `${longNames[i % longNames.length]} ${i + 1}`, mrn: `MRN-${i}` });
    events.push({ id: `${id}-v`, patientId: id, time: iso(now), type: 'vitals', sbp: 188, dbp: 104, map: 132, hr: 148, spo2: 100, rr: 32, temp: 39.9, o2FlowLpm: 12.5 });
    // Dose 1 six hours before the gate's T − 2 h checkpoint, a few seconds from now: every tile gets an open dose gate decision.
    events.push({ id: `${id}-dose1`, patientId: id, time: iso(Date.now() - 6 * 60 * MIN + 3_000), type: 'dose', drug: 'aldesleukin', doseNumber: 1, status: 'given' });
    // Half chart hourly (a complete shift of four-digit volumes), half only just started (awaiting the first hour).
    if (i % 2 === 0) for (let h = 0; h < 8; h++) events.push({ id: `${id}-uh${h}`, patientId: id, time: iso(now - (7 - h) * 60 * MIN), periodStart: iso(now - (8 - h) * 60 * MIN), type: 'urine', volumeMl: 450 });
    else events.push({ id: `${id}-u5`, patientId: id, time: iso(now), periodStart: iso(now - 5 * MIN), type: 'urine', volumeMl: 12 });
  }
  await postEvents(f.service, events);
}

interface LayoutReport {
  count: number;
  /** Tiles not wholly inside the viewport (bounding box), by test id. */
  offScreen: string[];
  /** Names, labels and values cut (scrolled, ellipsed or past their tile's edge). */
  cut: string[];
  /** Greyed tiles and the reason each shows. */
  greyed: { id: string; reason: string; grey: boolean }[];
}

/** `scrolls`: the page may scroll down (a phone), so only a tile sticking out sideways is off screen. */
async function layoutReport(page: Page, scrolls = false): Promise<LayoutReport> {
  return page.evaluate((scrolls) => {
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const tiles = Array.from(document.querySelectorAll('[data-testid^="bed-tile-"]')) as HTMLElement[];
    const offScreen: string[] = [];
    const cut: string[] = [];
    const greyed: { id: string; reason: string; grey: boolean }[] = [];
    for (const t of tiles) {
      const id = t.dataset['testid'] ?? '';
      const r = t.getBoundingClientRect();
      if (r.left < 0 || r.right > vw + 0.5 || (!scrolls && (r.top < 0 || r.bottom > vh + 0.5))) offScreen.push(`${id} (${Math.round(r.left)},${Math.round(r.top)})-(${Math.round(r.right)},${Math.round(r.bottom)})`);
      for (const el of Array.from(t.querySelectorAll('.tile__bed, .tile__name, .vital dt, .vital dd, .vital__value, .vital__detail, .tile__news2, .badge, .gate, .stale-notice')) as HTMLElement[]) {
        const e = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const overflowing = el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible';
        if (overflowing || e.right > r.right + 0.5 || e.bottom > r.bottom + 0.5 || e.left < r.left - 0.5) cut.push(`${id}: "${el.textContent}" (${el.className})`);
      }
      if (t.dataset['greyed'] === 'true') greyed.push({ id, reason: t.querySelector('.stale-notice')?.textContent ?? '', grey: getComputedStyle(t).filter.includes('grayscale') });
    }
    return { count: tiles.length, offScreen, cut, greyed };
  }, scrolls);
}

describe('dashboard layout: compact mode fits 36 beds at 1920×1080 and 20 at 1366×768 with nothing cut; the alert queue first on a phone', () => {
  const f = useServiceAndBrowser();

  beforeAll(async () => {
    await fillWard(f, 'W-DEMO', 30, 7); // with the demo's six (no data yet: greyed, "No data received"): 36 beds
    await fillWard(f, 'W-TWENTY', 20, 1, [4, 13]);
  }, 240_000);

  it('1920×1080: all 36 compact tiles inside the screen, nothing cut, the silent beds greyed with the reason', async () => {
    const page = await openWard(f, { username: 'physician', wardId: 'W-DEMO', viewport: { width: 1920, height: 1080 }, compact: true });
    await withFailureEvidence(f, page, 'layout-1920', async () => {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="bed-tile-"] .gate[data-outcome="pending"]').length === 30, undefined, { timeout: 30_000 });
      await page.waitForTimeout(500);
      const report = await layoutReport(page);
      await page.screenshot({ path: join(screenshotDir, 'ward-compact-36-beds-1920x1080.png') });
      expect(report.count).toBe(36);
      expect(report.offScreen).toEqual([]);
      expect(report.cut.slice(0, 10)).toEqual([]);
      expect(report.greyed.map((g) => g.id).sort()).toEqual(['P-DEMO-01', 'P-DEMO-02', 'P-DEMO-03', 'P-DEMO-04', 'P-DEMO-05', 'P-DEMO-06'].map((p) => `bed-tile-${p}`));
      for (const g of report.greyed) expect(g).toMatchObject({ reason: '⚠ No data received', grey: true });
    });
  });

  it('1366×768: all 20 compact tiles inside the screen, nothing cut, a bed silent for 20 min greyed with the reason', async () => {
    const page = await openWard(f, { username: 'admin', wardId: 'W-TWENTY', viewport: { width: 1366, height: 768 }, compact: true });
    await withFailureEvidence(f, page, 'layout-1366', async () => {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="bed-tile-"] .gate[data-outcome="pending"]').length === 20, undefined, { timeout: 30_000 });
      await page.waitForTimeout(500);
      const report = await layoutReport(page);
      await page.screenshot({ path: join(screenshotDir, 'ward-compact-20-beds-1366x768.png') });
      expect(report.count).toBe(20);
      expect(report.offScreen).toEqual([]);
      expect(report.cut.slice(0, 10)).toEqual([]);
      expect(report.greyed.map((g) => g.id).sort()).toEqual(['bed-tile-W-TWENTY-P13', 'bed-tile-W-TWENTY-P4']);
      for (const g of report.greyed) {
        expect(g.grey).toBe(true);
        expect(g.reason).toMatch(/^⚠ No data for (20|21|22) min$/);
      }
    });
  });

  it('phone (390×844): the alert queue before the beds, the tiles one column wide with nothing cut', async () => {
    const page = await openWard(f, { username: 'nurse', viewport: { width: 390, height: 844 } });
    await withFailureEvidence(f, page, 'layout-phone', async () => {
      await page.getByTestId('alert-queue').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid^="bed-tile-"] .badge').first().waitFor({ timeout: 30_000 });
      const queue = await page.getByTestId('alert-queue').boundingBox();
      const tile = await page.locator('[data-testid^="bed-tile-"]').first().boundingBox();
      expect(queue!.y).toBeLessThan(tile!.y);
      // On a phone the page scrolls: tiles below the fold are fine, but none may stick out sideways.
      const report = await layoutReport(page, true);
      expect(report.offScreen).toEqual([]);
      expect(report.cut.slice(0, 10)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(screenshotDir, 'ward-phone-390x844.png') });
      await page.screenshot({ path: join(screenshotDir, 'ward-phone-390x844-full.png'), fullPage: true });
    });
  });
});
