import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startService, type ServiceProcess } from '@vigil/testing';
import { launchBrowser, login, newContext, screenshotDir } from './browser';

export interface E2eFixture {
  readonly service: ServiceProcess;
  readonly browser: Browser;
}

/**
 * One real service (demo ward, no demo stream unless `env` says so, rules ticking every 500 ms) and
 * one headless Chromium for a describe block, started before its tests and stopped after them.
 */
export function useServiceAndBrowser(env: Record<string, string> = {}): E2eFixture {
  let service: ServiceProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    service = await startService({ VIGIL_DEMO_STREAM: '0', TICK_INTERVAL_MS: '500', ...env }, { timeoutMs: 180_000 });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });
  return {
    get service() {
      if (!service) throw new Error('the service is not started (use the fixture inside a test or a later beforeAll)');
      return service;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started (use the fixture inside a test or a later beforeAll)');
      return browser;
    },
  };
}

/** A signed-in page on a ward's screen with the live connection up; `compact` switches the tile density on. */
export async function openWard(f: E2eFixture, opts: { username: string; wardId?: string; viewport?: { width: number; height: number }; compact?: boolean }): Promise<Page> {
  const page = await (await newContext(f.browser, opts.viewport)).newPage();
  await login(page, f.service.url, opts.username);
  if (opts.wardId) await page.evaluate((w) => (location.hash = `#/ward/${w}`), opts.wardId);
  await page.locator('[data-testid="connection-banner"][data-status="connected"]').waitFor({ timeout: 30_000 });
  if (opts.compact !== undefined && ((await page.getByTestId('density-toggle').getAttribute('aria-pressed')) === 'true') !== opts.compact) await page.getByTestId('density-toggle').click();
  return page;
}

/** Runs a test body on `page`; on failure saves a screenshot and adds the service's last output to the error. */
export async function withFailureEvidence(f: E2eFixture, page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    await page.screenshot({ path: join(screenshotDir, `failure-${name}.png`) }).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n--- service output ---\n${f.service.output().slice(-3000)}`, { cause: e });
  }
}
