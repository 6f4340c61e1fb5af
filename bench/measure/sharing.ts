/**
 * What 100 widgets on one server cost the server: Socket.IO connections (the server's own count, and
 * the WebSockets the page opened), and REST requests per poll interval in API mode.
 */
import { openPage } from '../browser.js';
import { waitForData, type BenchContext } from '../context.js';
import { grid, KEYS, pageHtml, type Impl } from '../impls.js';
import { installProbe } from '../instrument.js';
import type { SubscriptionKey } from '../../src/contract/index.js';

export interface ConnectionsResult {
  /** `clients` of GET /api/health once every widget shows data. */
  serverClients: number;
  /** WebSockets the page opened. */
  pageWebSockets: number;
  /** From navigation until the last connection opened, ms. */
  connectedMs: number;
  /** REST requests (current and history) the page sent on start. */
  startRequests: number;
  /** `clients` once the widgets are removed from the page. */
  clientsAfterRemoval: number;
}

export interface PollingResult {
  keys: number;
  /** `GET /regime` requests per poll interval, counted over `intervals` intervals. */
  perInterval: number;
  intervals: number;
}

async function clients(url: string): Promise<number> {
  const response = await fetch(`${url}/api/health`);
  return ((await response.json()) as { clients: number }).clients;
}

export async function measureConnections(
  ctx: BenchContext,
  impl: Impl,
  widgets = 100,
): Promise<ConnectionsResult> {
  const server = await ctx.server();
  const bench = await openPage(ctx.browser);
  try {
    const { page } = bench;
    await installProbe(page);
    let pageWebSockets = 0;
    let startRequests = 0;
    page.on('websocket', () => pageWebSockets++);
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/regime')) startRequests++;
    });
    ctx.host.setPage(
      pageHtml(impl, grid(impl, widgets, KEYS, { apiUrl: `${server.url}/api`, wsUrl: server.url })),
    );
    // The server's count, polled from navigation on, to see when the last connection opened.
    const started = performance.now();
    let serverClients = 0;
    let connectedMs = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const count = await clients(server.url);
        if (count !== serverClients) {
          serverClients = count;
          connectedMs = performance.now() - started;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await page.goto(`${ctx.host.origin}/`);
    await waitForData(page, impl, widgets);
    // REST shows data first; Chromium opens one WebSocket to a host at a time, so a hundred take
    // seconds. The count is read once it has not changed for 1.5 s.
    while (performance.now() - started - connectedMs < 1500 && performance.now() - started < 30_000) {
      await page.waitForTimeout(100);
    }
    polling = false;
    await poller;
    await page.evaluate((tag) => document.querySelectorAll(tag).forEach((el) => el.remove()), impl.tag);
    let after = await clients(server.url);
    for (let i = 0; i < 30 && after > 0; i++) {
      await page.waitForTimeout(100);
      after = await clients(server.url);
    }
    return {
      serverClients,
      pageWebSockets,
      startRequests,
      connectedMs,
      clientsAfterRemoval: after,
    };
  } finally {
    await bench.close();
    await server.close();
  }
}

/** API mode (no socket), poll-interval 1000: `GET /regime` requests per interval over `seconds` s. */
export async function measurePolling(
  ctx: BenchContext,
  impl: Impl,
  keys: readonly SubscriptionKey[],
  widgets = 100,
  seconds = 5,
): Promise<PollingResult> {
  const server = await ctx.server();
  const bench = await openPage(ctx.browser);
  try {
    const { page } = bench;
    await installProbe(page);
    const requests: number[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/regime') requests.push(performance.now());
    });
    ctx.host.setPage(
      pageHtml(impl, grid(impl, widgets, keys, { apiUrl: `${server.url}/api`, pollInterval: 1000 })),
    );
    await page.goto(`${ctx.host.origin}/`);
    await waitForData(page, impl, widgets);
    // Past the start (every widget's first request), count whole intervals of steady polling.
    await page.waitForTimeout(1500);
    const start = performance.now();
    await page.waitForTimeout(seconds * 1000);
    const counted = requests.filter((at) => at >= start && at < start + seconds * 1000).length;
    return { keys: keys.length, perInterval: counted / seconds, intervals: seconds };
  } finally {
    await bench.close();
    await server.close();
  }
}
