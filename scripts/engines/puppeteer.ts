/**
 * Chromium over the DevTools protocol and Firefox over WebDriver BiDi, both through puppeteer-core
 * and the system's browsers (browser downloads do not work on these machines).
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.js';
import { enginePage, type Engine, type Key, type PageDriver, type PageFunction } from './page.js';
import { firefoxPath } from './paths.js';

/** The viewport of every engine's pages. */
export const VIEWPORT = { width: 1280, height: 720 };

function pageDriver(page: Page, close: () => Promise<void>): PageDriver {
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: <R, A>(fn: PageFunction<A, R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => Promise<R>, arg) as Promise<R>,
    press: async (key: Key) => {
      const [modifier, name] = key.startsWith('Shift+') ? ['Shift', key.slice(6)] : [undefined, key];
      if (modifier) await page.keyboard.down(modifier as 'Shift');
      await page.keyboard.press(name as 'Tab');
      if (modifier) await page.keyboard.up(modifier as 'Shift');
    },
    screenshot: async () => Buffer.from(await page.screenshot({ type: 'png' })),
    close,
  };
}

async function wrap(name: 'chromium' | 'firefox', browser: Browser): Promise<Engine> {
  // `Chrome/156.0...` or `firefox/153.8.0`: the number only, under the engine's own product name.
  const version = (await browser.version()).split('/')[1];
  return {
    name,
    version: `${name === 'firefox' ? 'Firefox' : 'Chromium'} ${version}`,
    async newPage() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(VIEWPORT);
      return enginePage(
        name,
        pageDriver(page, () => context.close()),
      );
    },
    close: () => browser.close(),
  };
}

/** Debian's Chromium, with the flags of the Playwright suite. */
export async function launchChromium(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'chrome',
    executablePath: chromiumPath(),
    // The same language on every machine, whatever its locale: `navigator.language` is en-US.
    args: [...CHROMIUM_ARGS, '--lang=en-US'],
    headless: true,
  });
  return wrap('chromium', browser);
}

/** Debian's Firefox ESR, over WebDriver BiDi. */
export async function launchFirefox(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // en-US on every machine, as Chromium; full-precision timers, as Chromium has: the benchmark's
    // latencies are a millisecond or two.
    extraPrefsFirefox: { 'intl.accept_languages': 'en-US', 'privacy.reduceTimerPrecision': false },
  });
  return wrap('firefox', browser);
}
