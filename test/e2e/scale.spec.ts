/**
 * Many widgets on one page, counted in Chromium against the real reference server: one Socket.IO
 * connection for a hundred widgets, one REST request per poll interval for a key however many
 * widgets show it, and a heap that stays flat over a long run of updates.
 */
import type { Page } from '@playwright/test';
import { BURST_KEYS as KEYS, type BurstReport } from '../../server/src/burst.js';
import type { ReferenceServer } from '../../server/src/app.js';
import type { SubscriptionKey } from '../../src/contract/index.js';
import { expect, health, test, widget } from './fixtures.js';

/** `count` widgets over `keys` in turn. */
function widgets(count: number, keys: readonly SubscriptionKey[], attrs: Record<string, string>): string {
  return Array.from({ length: count }, (_, i) => widget({ ...keys[i % keys.length]!, ...attrs })).join('');
}

async function clients(server: ReferenceServer): Promise<number> {
  return (await health(server.url)).clients;
}

/** How many widgets do not hold (at least) the burst's last update for their key yet. */
function behind(page: Page, report: BurstReport): Promise<number> {
  const last = Object.fromEntries(
    Object.entries(report.last).map(([key, u]) => [key, u.timestamp as number]),
  );
  return page.evaluate(
    (last) =>
      [...document.querySelectorAll('regime-widget')].filter((el) => {
        const regime = (el as unknown as { regime: { timestamp: number } | null }).regime;
        const want = last[`${el.getAttribute('symbol')}|${el.getAttribute('timeframe')}`];
        return want !== undefined && !(regime && regime.timestamp >= want);
      }).length,
    last,
  );
}

test('100 widgets on one server share one Socket.IO connection, which closes when they are removed', async ({
  page,
  embed,
  server,
}) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await embed(widgets(100, KEYS, { 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }));
  await page.waitForFunction(() =>
    [...document.querySelectorAll('regime-widget')].every(
      (el) => (el as unknown as { mode: string }).mode === 'live',
    ),
  );
  expect(await clients(server)).toBe(1);
  expect(sockets).toHaveLength(1);

  // Fan-out by key: after a burst over all 32 keys, each widget shows its own key's last update.
  const report = await server.burst({ keys: KEYS, perSecond: 3200, durationMs: 500 });
  await expect.poll(() => behind(page, report)).toBe(0);
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('regime-widget')].map((el) => {
      const regime = (el as unknown as { regime: { symbol: string; timeframe: string } }).regime;
      return (
        `${regime.symbol}|${regime.timeframe}` ===
        `${el.getAttribute('symbol')}|${el.getAttribute('timeframe')}`
      );
    }),
  );
  expect(shown.every(Boolean)).toBe(true);

  await page.evaluate(() => document.querySelectorAll('regime-widget').forEach((el) => el.remove()));
  await expect.poll(() => clients(server)).toBe(0);
  expect(sockets).toHaveLength(1);
});

test('20 widgets on one key in API mode send one REST request per poll interval', async ({ page, embed }) => {
  const requests: number[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/regime' && url.searchParams.get('symbol') === 'ETHUSDT')
      requests.push(performance.now());
  });
  await embed(
    widgets(20, [{ symbol: 'ETHUSDT', timeframe: '15m' }], {
      'api-url': '{{server}}/api',
      'poll-interval': '1000',
    }),
  );
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveCount(20);
  const start = performance.now();
  await page.waitForTimeout(4500);
  const polled = requests.filter((at) => at >= start && at < start + 4500);
  // Four intervals: four requests (three if one straddles the window's edges), never one per widget.
  expect(polled.length).toBeGreaterThanOrEqual(3);
  expect(polled.length).toBeLessThanOrEqual(5);
  // One per interval: the next request is due an interval after the previous one answered.
  for (let i = 1; i < polled.length; i++) expect(polled[i]! - polled[i - 1]!).toBeGreaterThan(900);
});

test('the heap stays flat over a long run of updates', async ({ page, embed, server }) => {
  test.setTimeout(120_000);
  const keys = KEYS.slice(0, 10);
  await embed(widgets(10, keys, { 'api-url': '{{server}}/api', 'ws-url': '{{server}}', history: '120' }), {
    head: '<style>body { display: grid; grid-template-columns: repeat(5, 220px); }</style>',
  });
  await page.waitForFunction(() =>
    [...document.querySelectorAll('regime-widget')].every(
      (el) => (el as unknown as { mode: string }).mode === 'live',
    ),
  );
  const cdp = await page.context().newCDPSession(page);
  const burst = async (count: number, perSecond: number) => {
    const report = await server.burst({ keys, perSecond, durationMs: (count / perSecond) * 1000 });
    await expect.poll(() => behind(page, report), { timeout: 90_000 }).toBe(0);
  };
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };

  // The warm-up fills every history (120 points) and compiles the hot paths: from there on, a bounded
  // widget keeps nothing more however many updates come.
  await burst(10_000, 8000);
  const before = await heap();
  await burst(80_000, 8000);
  const growth = (await heap()) - before;

  // Why 2 MB: had the widgets kept every point, the 80,000 updates would stay on the heap, each at
  // least a { t, adx } object (20 bytes with compressed pointers) holding two heap numbers (12 bytes
  // each) and its slot in an array (4 bytes), plus the two doubles of uPlot's last data (16 bytes):
  // 66 bytes, 5.3 MB in all (a build whose ring buffer never overwrites grew 4.7 MB here). A bounded
  // history adds nothing; the collector's noise is well under 1 MB.
  test.info().annotations.push({ type: 'heap growth', description: `${(growth / 1024).toFixed(0)} KB` });
  expect(growth).toBeLessThan(2 * 1024 * 1024);
});
