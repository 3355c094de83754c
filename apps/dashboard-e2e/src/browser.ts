import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '@vigil/testing';

/** Screenshots land here; CI keeps the folder as an artifact (README, "Tests"). */
export const screenshotDir = join(repoRoot, 'artifacts', 'screenshots');

/** Debian's Chromium, headless, with the flags this closed network needs (STACK_NOTES.md). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
  });
}

export function newContext(browser: Browser, viewport = { width: 1920, height: 1080 }): Promise<BrowserContext> {
  return browser.newContext({ viewport });
}

export async function login(page: Page, url: string, username: string) {
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('vigil-demo');
  await page.getByTestId('login-submit').click();
}
