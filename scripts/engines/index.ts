/**
 * The three browser engines behind one interface (page.ts): each end-to-end scenario and each
 * per-engine benchmark figure is written once and run in every engine.
 * @example const engine = await launchEngine('firefox');
 * const page = await engine.newPage();
 * await page.goto(url);
 * await engine.close();
 */
import type { Engine, EngineName } from './page.js';
import { launchChromium, launchFirefox } from './puppeteer.js';
import { launchWebKit } from './webkit.js';

export * from './page.js';

export function launchEngine(name: EngineName): Promise<Engine> {
  if (name === 'chromium') return launchChromium();
  if (name === 'firefox') return launchFirefox();
  return launchWebKit();
}
