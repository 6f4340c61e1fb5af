/**
 * What the page owner's console shows in an outage, in Chromium against the built bundle, as the
 * README says it: the widget's own output is one warning per outage, never an error; the lines the
 * browser itself logs for each failed WebSocket and each failed request are its own, one per
 * attempt, and no script can silence them.
 */
import type { ConsoleMessage } from '@playwright/test';
import type { FeedDiagnostics } from '../../src/feed/regime-feed.js';
import { expect, test, widget } from './fixtures.js';

const ours = (messages: ConsoleMessage[]) => messages.filter((m) => m.text().startsWith('[regime-widget]'));
const browsers = (messages: ConsoleMessage[]) =>
  messages.filter((m) => !m.text().startsWith('[regime-widget]'));

test('socket port closed: one warning of the widget, and one line of the browser per failed WebSocket', async ({
  page,
  embed,
  closedPort,
  consoleMessages,
  scriptErrors,
}) => {
  await embed(
    widget({
      symbol: 'BTCUSDT',
      timeframe: '1h',
      'api-url': '{{server}}/api',
      'ws-url': `http://127.0.0.1:${closedPort}`,
    }),
  );
  await expect(page.locator('regime-widget >> [part=badge]')).toHaveAttribute('data-mode', 'polling');
  const attempts = () =>
    page
      .locator('regime-widget')
      .evaluate(
        (el) => (el as unknown as { diagnostics: FeedDiagnostics }).diagnostics.socket?.attempts ?? 0,
      );
  await expect.poll(attempts, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  const failed = await attempts();

  expect(ours(consoleMessages).map((m) => m.type())).toEqual(['warning']);
  expect(await scriptErrors()).toEqual([]);
  const sockets = browsers(consoleMessages).filter((m) => /WebSocket connection to .* failed/.test(m.text()));
  console.info(`${failed} failed attempts: 1 warning of the widget, ${sockets.length} lines of the browser`);
  expect(sockets.length).toBeGreaterThanOrEqual(failed - 1);
  expect(sockets.length).toBeLessThanOrEqual(failed + 1);
  expect(sockets.every((m) => m.type() === 'error')).toBe(true);
});

test('REST failing while polling: nothing of the widget, one line of the browser per failed request', async ({
  page,
  embed,
  server,
  consoleMessages,
  scriptErrors,
}) => {
  const failed: string[] = [];
  page.on('requestfinished', async (request) => {
    if ((await request.response())?.status() === 503) failed.push(request.url());
  });
  await embed(
    widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'poll-interval': '1000' }),
  );
  await expect(page.locator('regime-widget >> [part=badge]')).toHaveAttribute('data-mode', 'polling');
  server.faults.set({ rest: 'error' });
  await expect(page.locator('regime-widget >> [part=badge]')).toHaveAttribute('data-mode', 'offline');
  await expect.poll(() => failed.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

  expect(ours(consoleMessages)).toEqual([]);
  expect(await scriptErrors()).toEqual([]);
  const requests = browsers(consoleMessages).filter((m) => m.text().startsWith('Failed to load resource'));
  expect(requests.length).toBeGreaterThanOrEqual(failed.length - 1);
  expect(requests.length).toBeLessThanOrEqual(failed.length + 1);
});
