// Screenshots of the ward and patient views at 1920x1080 and 1366x768 with Debian's chromium.
//   node apps/dashboard/dev/screenshots.mjs [--url http://localhost:3999] [--out artifacts/dashboard] [--user physician]
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const url = arg('url', 'http://localhost:3999');
const out = resolve(arg('out', 'artifacts/dashboard'));
const user = arg('user', 'physician');
mkdirSync(out, { recursive: true });

const sizes = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1366x768', width: 1366, height: 768 },
];
const errors = [];
for (const size of sizes) {
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'vigil-shots-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: size.width, height: size.height },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on('pageerror', (e) => errors.push(`${size.name}: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${size.name}: console: ${m.text()}`));
  await page.goto(url);
  await page.getByTestId('login-username').fill(user);
  await page.getByTestId('login-password').fill('vigil-demo');
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="connection-banner"][data-status="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('[data-testid^="bed-tile-"]').first().waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, `ward-${size.name}.png`) });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) errors.push(`${size.name}: ward view overflows horizontally by ${overflow}px`);
  await page.locator('[data-testid^="bed-tile-"] .tile__name').first().click();
  await page.getByTestId('patient-view').waitFor();
  await page.locator('.recharts-surface').first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, `patient-${size.name}.png`) });
  await ctx.close();
}
console.log(`screenshots in ${out}`);
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
