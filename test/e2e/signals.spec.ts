/**
 * `<regime-signals>` in Chromium against the reference server, from the built bundle: rows from the
 * keys' histories over REST alone, a live row on top when a label changes (once, though an update and
 * an alert both report it), one connection shared with a card, the demo's fault buttons, and axe.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { RegimeHistory } from '../../src/contract/types.js';
import { changesIn, type RegimeSignal } from '../../src/feed/signal-log.js';
import { expect, test } from './fixtures.js';

// The demo clock stands still: the tests move the market with server.tick().
test.use({ tickMs: 3_600_000 });

const KEYS = [
  { symbol: 'BTCUSDT', timeframe: '1h' },
  { symbol: 'BTCUSDT', timeframe: '4h' },
  { symbol: 'ETHUSDT', timeframe: '1h' },
  { symbol: 'ETHUSDT', timeframe: '4h' },
];

const rows = (page: Page) => page.locator('regime-signals >> [part=signal]');
const badge = (page: Page) => page.locator('regime-signals >> [part=badge]');

/** The rows as the page shows them: `symbol timeframe from>to @iso`. */
function shown(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((items) =>
    items.map((item) => {
      const { symbol, timeframe, from, to } = (item as HTMLElement).dataset;
      return `${symbol} ${timeframe} ${from}>${to} @${item.querySelector('time')?.getAttribute('datetime')}`;
    }),
  );
}

const brief = (signal: RegimeSignal) =>
  `${signal.symbol} ${signal.timeframe} ${signal.from}>${signal.to} @${new Date(signal.timestamp).toISOString()}`;

/** The label changes within the newest `limit` points of every key's history on the server. */
async function changesOnServer(serverUrl: string, limit: number): Promise<RegimeSignal[]> {
  const changes: RegimeSignal[] = [];
  for (const key of KEYS) {
    const query = new URLSearchParams({ ...key, limit: String(limit) });
    const history = (await (await fetch(`${serverUrl}/api/regime/history?${query}`)).json()) as RegimeHistory;
    changes.push(...changesIn(key, history.points));
  }
  return changes;
}

test('API only: the rows are the label changes of every key’s history, newest first, at most limit', async ({
  page,
  embed,
  server,
}) => {
  await embed(
    '<regime-signals symbols="BTCUSDT ETHUSDT" timeframes="1h 4h" limit="12" api-url="{{server}}/api"></regime-signals>',
  );
  await expect(badge(page)).toHaveText(/^○ API/);
  await expect(badge(page)).toHaveAttribute('data-mode', 'polling');
  await expect(rows(page)).toHaveCount(12);

  const expected = await changesOnServer(server.url, 120);
  expect(expected.length).toBeGreaterThan(12);
  expected.sort((a, b) => b.timestamp - a.timestamp);
  expect(await shown(page)).toEqual(expected.slice(0, 12).map(brief));
  const properties = await page.locator('regime-signals').evaluate((el) => ({
    mode: (el as HTMLElement & { mode: string }).mode,
    count: (el as HTMLElement & { signals: unknown[] }).signals.length,
  }));
  expect(properties).toEqual({ mode: 'polling', count: 12 });
});

test('live: a label change puts one row on top, with its event, however many sources report it', async ({
  page,
  embed,
  server,
}) => {
  await embed(
    '<regime-signals symbols="BTCUSDT ETHUSDT" timeframes="1h 4h" api-url="{{server}}/api" ws-url="{{server}}"></regime-signals>',
  );
  await expect(badge(page)).toHaveText(/^● Live/);
  await expect(rows(page)).toHaveCount(20);
  await page.evaluate(() => {
    const seen: unknown[] = [];
    (window as unknown as { signals: unknown[] }).signals = seen;
    document.addEventListener('regime-signal', (event) => seen.push((event as CustomEvent).detail));
  });
  /** The label changes of the server's newest candle, as rows: what the list must put on top. */
  const changedOnLastCandle = async () => (await changesOnServer(server.url, 2)).map(brief).sort();

  // Candle by candle until some key's label changes (the server sends `regime`, then `regime:alert`).
  // One candle moves every key, so several may change on it.
  let changed: string[] = [];
  for (let candle = 0; candle < 200 && changed.length === 0; candle++) {
    await server.tick();
    changed = await changedOnLastCandle();
  }
  expect(changed.length).toBeGreaterThan(0);
  const events = () => page.evaluate(() => (window as unknown as { signals: RegimeSignal[] }).signals);
  // One event per change, though an update and an alert both report it.
  await expect.poll(async () => (await events()).map(brief).sort()).toEqual(changed);
  // One row per change, the candle's rows on top.
  await expect.poll(async () => (await shown(page)).slice(0, changed.length).sort()).toEqual(changed);
  await page.waitForTimeout(300);
  expect((await events()).map(brief).sort()).toEqual(changed);
  const top = await shown(page);
  expect(top.slice(0, changed.length).sort()).toEqual(changed);
  expect(top.slice(changed.length).filter((row) => changed.includes(row))).toEqual([]);
  const listed = await page
    .locator('regime-signals')
    .evaluate((el) => (el as HTMLElement & { signals: RegimeSignal[] }).signals);
  expect(
    listed
      .map(brief)
      .filter((row) => changed.includes(row))
      .sort(),
  ).toEqual(changed);
  // The newest live row is announced.
  const last = (await events()).at(-1)!;
  await expect(rows(page)).toHaveCount(20);
  expect(await rows(page).first().locator('[part=values]').textContent()).toMatch(/^ADX \d+\.\d$/);
  await expect(page.locator('regime-signals >> [aria-live=polite]')).toContainText(
    `${last.symbol} ${last.timeframe}: Regime changed:`,
  );
});

test('a list and a card for the same server share one connection', async ({ page, embed, server }) => {
  await embed(
    '<regime-widget symbol="BTCUSDT" timeframe="1h" api-url="{{server}}/api" ws-url="{{server}}"></regime-widget>' +
      '<regime-signals symbols="BTCUSDT ETHUSDT" timeframes="1h" api-url="{{server}}/api" ws-url="{{server}}"></regime-signals>',
  );
  await expect(page.locator('regime-widget >> [part=badge]')).toHaveAttribute('data-mode', 'live');
  await expect(badge(page)).toHaveAttribute('data-mode', 'live');
  const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
    clients: number;
    subscriptions: Record<string, number>;
  };
  expect(health.clients).toBe(1);
});

test('the list on the demo page survives the fault buttons', async ({ page, server }) => {
  await page.goto(`${server.url}/`);
  await expect(badge(page)).toHaveAttribute('data-mode', 'live');
  await expect(rows(page)).toHaveCount(8);
  const before = await shown(page);

  await page.getByRole('button', { name: 'Cut socket' }).click();
  await expect(badge(page)).toHaveAttribute('data-mode', 'polling', { timeout: 2000 });
  await page.getByRole('button', { name: 'Break REST' }).click();
  await expect(badge(page)).toHaveAttribute('data-mode', 'offline', { timeout: 5000 });
  expect(await shown(page)).toEqual(before);

  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(badge(page)).toHaveAttribute('data-mode', 'live', { timeout: 10_000 });
  await page.getByRole('button', { name: 'No namespace' }).click();
  await expect(badge(page)).toHaveText(/^[●○]/, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(badge(page)).toHaveAttribute('data-mode', 'live', { timeout: 10_000 });
  expect(await shown(page)).toEqual(before);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing on a list in the ${theme} theme`, async ({ page, embed }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await embed(
      `<main><h1>Signals</h1><regime-signals theme="${theme}" symbols="BTCUSDT ETHUSDT" timeframes="1h 4h" ` +
        'api-url="{{server}}/api" ws-url="{{server}}"></regime-signals></main>',
    );
    await expect(rows(page)).toHaveCount(20);
    await expect(badge(page)).toHaveAttribute('data-mode', 'live');
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))).toEqual([]);
  });
}
