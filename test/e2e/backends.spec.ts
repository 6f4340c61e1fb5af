/**
 * The built widget in Chromium against real Node Socket.IO servers set up the ways other people's
 * backends are (test/socket-server.ts): only the root namespace, and more to come. The page comes
 * from the fixtures' page host; the widget talks to the backend on its own loopback port.
 */
import type { Page } from '@playwright/test';
import type { RegimeUpdate, SubscriptionKey } from '../../src/contract/types.js';
import type { FeedDiagnostics } from '../../src/feed/regime-feed.js';
import { startSocketServer, type SocketServer, type SocketServerOptions } from '../socket-server.js';
import { expect, test as base, widget } from './fixtures.js';

const test = base.extend<{ backend: (options: SocketServerOptions) => Promise<SocketServer> }>({
  backend: async ({}, use) => {
    const started: SocketServer[] = [];
    await use(async (options) => {
      const server = await startSocketServer(options);
      started.push(server);
      return server;
    });
    for (const server of started) await server.close();
  },
});

const badge = 'regime-widget >> [part=badge]';

function reading(key: SubscriptionKey): RegimeUpdate {
  return { ...key, regime: 'range', adx: 18.5, atrPct: 0.0156, timestamp: Date.now() };
}

const diagnostics = (page: Page) =>
  page
    .locator('regime-widget')
    .evaluate((el) => (el as HTMLElement & { diagnostics: FeedDiagnostics }).diagnostics);

/** What the page logged with console.warn. */
function warnings(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') seen.push(m.text());
  });
  return seen;
}

test('a server with only the root namespace: live on "/", the value shown, nothing to warn about', async ({
  page,
  embed,
  backend,
}) => {
  const server = await backend({ namespaces: ['/'], current: reading });
  const warned = warnings(page);
  await embed(widget({ symbol: 'BTCUSDT', timeframe: '1h', 'ws-url': server.url }));
  await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveText('18.5');
  expect((await diagnostics(page)).socket?.namespace).toBe('/');
  expect(warned).toEqual([]);
});
