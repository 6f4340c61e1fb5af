/**
 * What every measurement gets: the browser, the page host, a way to start a reference server, and
 * the page-side helpers they share.
 */
import type { Browser, Page } from '@playwright/test';
import type { EnginePage, PageFunction } from '../scripts/engines/index.js';
import { startServer, type ReferenceServer } from '../server/src/app.js';
import type { BurstReport } from '../server/src/burst.js';
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

/** A page the helpers below can read: Playwright's, or an engine's (scripts/engines). */
export type BenchPage = Pick<Page, 'evaluate'> | Pick<EnginePage, 'evaluate'>;

/** Runs `fn(arg)` in either kind of page: both take a serializable function and its argument. */
function evaluate<R, A>(page: BenchPage, fn: PageFunction<A, R>, arg: A): Promise<R> {
  return (page as Pick<EnginePage, 'evaluate'>).evaluate(fn, arg);
}

export function probe(page: BenchPage): Promise<Probe> {
  return evaluate(page, () => (window as unknown as { __probe: Probe }).__probe, undefined);
}

/** Waits until `count` widgets show an ADX value. */
export async function waitForData(
  page: BenchPage,
  impl: Impl,
  count: number,
  timeout = 20_000,
): Promise<void> {
  const start = performance.now();
  const shown = () =>
    evaluate(
      page,
      ({ tag }) =>
        [...document.querySelectorAll(tag)].filter((el) =>
          el.shadowRoot?.querySelector('[data-value=adx]')?.textContent?.trim(),
        ).length,
      { tag: impl.tag },
    );
  while ((await shown()) < count) {
    if (performance.now() - start > timeout) throw new Error(`${impl.name}: no data after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How many widgets do not yet hold the last update a burst sent for their key. */
export function behind(page: BenchPage, impl: Impl, report: BurstReport): Promise<number> {
  const last = Object.fromEntries(Object.entries(report.last).map(([key, u]) => [key, u.timestamp]));
  return evaluate(
    page,
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
  page: BenchPage,
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
  page: BenchPage,
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
