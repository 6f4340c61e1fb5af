/**
 * Takes the README's pictures of the demo page: docs/screenshot-light.png and docs/screenshot-dark.png,
 * with Chromium emulating each system colour scheme, the reference server on a free port and the
 * built bundle (`npm run build` first). `npm run screenshots`.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startServer } from '../server/src/app.js';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';

const server = await startServer({ port: 0, logLevel: 'silent', tickMs: 1000, seed: 7 });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  mkdirSync('docs', { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme });
    await page.goto(`${server.url}/`);
    // Every widget shows data, the live ones are live, and the sparklines have a few new points.
    await page.locator('regime-widget >> [data-value=adx]').nth(4).waitFor();
    await page.locator('regime-widget >> [part=badge][data-mode=live]').nth(3).waitFor();
    await page.waitForTimeout(4000);
    await page.screenshot({ path: `docs/screenshot-${colorScheme}.png` });
    await page.close();
    console.log(`docs/screenshot-${colorScheme}.png`);
  }
} finally {
  await browser.close();
  await server.close();
}
