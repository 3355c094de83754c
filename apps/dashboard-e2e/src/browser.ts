import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { repoRoot } from './service-process';

export const screenshotDir = join(repoRoot, 'artifacts', 'screenshots');

/** Debian's Chromium, headless, with the flags this closed network needs (STACK_NOTES.md). */
export async function launchBrowser(viewport = { width: 1920, height: 1080 }): Promise<BrowserContext> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'vigil-chromium-')), {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
  });
}
