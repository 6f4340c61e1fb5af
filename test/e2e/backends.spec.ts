/**
 * The built widget in Chromium against real Node Socket.IO servers set up the ways other people's
 * backends are (test/socket-server.ts): only the root namespace, only long-polling. The page comes
 * from the fixtures' page host; the widget talks to the backend on its own loopback port.
 */
import type { Locator, Page } from '@playwright/test';
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

const diagnostics = (element: Locator) =>
  element.evaluate((el) => (el as HTMLElement & { diagnostics: FeedDiagnostics }).diagnostics);

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
  expect((await diagnostics(page.locator('regime-widget'))).socket?.namespace).toBe('/');
  expect(warned).toEqual([]);
});

test('the WebSocket cannot pass (only long-polling does, as behind a proxy that drops the Upgrade): live over long-polling', async ({
  page,
  embed,
  backend,
}) => {
  const server = await backend({ namespaces: ['/signals'], transports: ['polling'], current: reading });
  const warned = warnings(page);
  await embed(
    widget({ symbol: 'BTCUSDT', timeframe: '1h', 'ws-url': server.url }) +
      widget({ symbol: 'ETHUSDT', timeframe: '1h', 'ws-url': server.url }),
  );
  await expect(page.locator(badge)).toHaveCount(2);
  for (const badgeOf of await page.locator(badge).all())
    await expect(badgeOf).toHaveAttribute('data-mode', 'live');
  await expect(page.locator('regime-widget >> [data-value=adx]').first()).toHaveText('18.5');
  expect((await diagnostics(page.locator('regime-widget').first())).socket).toMatchObject({
    transport: 'polling',
    attempts: 1,
  });
  await expect(page.locator('regime-widget >> [part=tooltip]').first()).toHaveText(
    'Live: updates arrive as they happen, over HTTP long-polling (a WebSocket cannot get through to the server).',
  );
  // One shared connection, one WebSocket tried for it, and nothing for the page owner to fix in the widget.
  expect(server.handshakes).toEqual({ websocket: 1, polling: 1 });
  expect(server.sockets()).toBe(1);
  expect(warned).toEqual([]);
});
