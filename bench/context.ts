/**
 * What every measurement gets: the browser, the page host, a way to start a reference server, and
 * the page-side helpers they share.
 */
import type { Browser, Page } from '@playwright/test';
import { startServer, type ReferenceServer } from '../demo/server/app.js';
import type { BurstReport } from '../demo/server/burst.js';
import type { PageHost } from './hosts.js';
import type { SubscriptionKey } from '../src/contract/index.js';
import type { Impl } from './impls.js';
import type { Probe } from './instrument.js';

export interface BenchContext {
  browser: Browser;
  host: PageHost;
  /** A reference server that lets the page host in; the caller closes it. */
  server(): Promise<ReferenceServer>;
}

export async function benchServer(host: PageHost): Promise<ReferenceServer> {
  return startServer({
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    // The demo clock stays still: every update in a run comes from a burst, at a known time.
    tickMs: 3_600_000,
    seed: 1,
    corsOrigins: [host.origin],
  });
}

export function probe(page: Page): Promise<Probe> {
  return page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);
}

/** Waits until `count` widgets show an ADX value. */
export async function waitForData(page: Page, impl: Impl, count: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ({ tag, count }) =>
      [...document.querySelectorAll(tag)].filter((el) =>
        el.shadowRoot?.querySelector('[data-value=adx]')?.textContent?.trim(),
      ).length >= count,
    { tag: impl.tag, count },
    { timeout, polling: 100 },
  );
}

/** How many widgets do not yet hold the last update a burst sent for their key. */
export function behind(page: Page, impl: Impl, report: BurstReport): Promise<number> {
  const last = Object.fromEntries(Object.entries(report.last).map(([key, u]) => [key, u.timestamp]));
  return page.evaluate(
    ({ tag, last }) =>
      [...document.querySelectorAll(tag)].filter((el) => {
        const regime = (
          el as unknown as { regime: { symbol: string; timeframe: string; timestamp: number } | null }
        ).regime;
        const want = last[`${el.getAttribute('symbol')}|${el.getAttribute('timeframe')}`];
        return want !== undefined && regime?.timestamp !== want;
      }).length,
    { tag: impl.tag, last },
  );
}

/** Waits until every widget holds the burst's last update for its key; returns how long that took. */
export async function caughtUp(
  page: Page,
  impl: Impl,
  report: BurstReport,
  timeout = 60_000,
): Promise<number> {
  const start = performance.now();
  while ((await behind(page, impl, report)) > 0) {
    if (performance.now() - start > timeout)
      throw new Error(`${impl.name}: widgets still behind after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.now() - start;
}

/**
 * Warms up (compiled code, caches) and makes sure every subscription is in place: a short burst that
 * every widget has to show, again until they all do.
 */
export async function warmUp(
  page: Page,
  impl: Impl,
  server: ReferenceServer,
  keys: readonly SubscriptionKey[],
  perSecond: number,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const warm = await server.burst({ keys, perSecond, durationMs: 2000 });
    try {
      await caughtUp(page, impl, warm, 5000);
      return;
    } catch (error) {
      if (attempt === 4) throw error;
    }
  }
}
