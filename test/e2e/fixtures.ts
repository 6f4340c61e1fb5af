/**
 * End-to-end fixtures: a real reference server on a free port, and a page on another origin that
 * embeds the built dist/regime-widget.js from it, as a site embedding the widget would.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';
import type { FeedDiagnostics } from '../../src/feed/regime-feed.js';
import { startServer, type ReferenceServer } from '../../server/src/app.js';
import { closedPort as freePort } from '../../scripts/loopback.js';

/** A second origin on loopback that serves whatever page a test sets (Chromium keeps public origins off loopback). */
export interface PageHost {
  origin: string;
  set(page: { body: Buffer; contentType: string; headers: Record<string, string> }): void;
}

export async function startPageHost(): Promise<PageHost & { close(): Promise<void> }> {
  let current: { body: Buffer; contentType: string; headers: Record<string, string> } = {
    body: Buffer.from(''),
    contentType: 'text/html',
    headers: {},
  };
  const server = createServer((req, res) => {
    res.writeHead(200, {
      'content-type': current.contentType,
      'cache-control': 'no-store',
      ...current.headers,
    });
    res.end(current.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (page) => (current = page),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A quiet reference server on a free port that lets `origin` in. */
export function startReferenceServer(
  origin: string,
  options: { tickMs: number; seed?: number },
): Promise<ReferenceServer> {
  return startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', corsOrigins: [origin], ...options });
}

export interface EmbedOptions {
  /** A Content-Security-Policy header for the page. */
  csp?: string;
  /** The page's charset, e.g. windows-1251. */
  charset?: string;
  /** Extra markup for <head>. */
  head?: string;
  lang?: string;
}

export interface Fixtures {
  /** The demo clock of the test's server: ms between candles (`test.use({ tickMs })`). */
  tickMs: number;
  pageHost: PageHost;
  server: ReferenceServer;
  /** Opens a page whose body is `body`; `{{server}}` in it stands for the server's URL. */
  embed: (body: string, options?: EmbedOptions) => Promise<void>;
  /** Console messages of the page, by type, as they came. */
  consoleMessages: ConsoleMessage[];
  /** What page scripts passed to console.error (the browser's own network notices are not calls). */
  scriptErrors: () => Promise<string[]>;
  /** A loopback port where nothing listens: connections to it are refused. */
  closedPort: number;
}

export const test = base.extend<Fixtures>({
  pageHost: async ({}, use) => {
    const host = await startPageHost();
    await use(host);
    await host.close();
  },
  tickMs: [1000, { option: true }],
  server: async ({ pageHost, tickMs }, use) => {
    const server = await startReferenceServer(pageHost.origin, { tickMs });
    await use(server);
    await server.close();
  },
  consoleMessages: async ({ page }, use) => {
    const messages: ConsoleMessage[] = [];
    page.on('console', (message) => messages.push(message));
    await use(messages);
  },
  scriptErrors: async ({ page }, use) => {
    await page.addInitScript(() => {
      const calls: string[] = [];
      (window as unknown as { __scriptErrors: string[] }).__scriptErrors = calls;
      const original = console.error.bind(console);
      console.error = (...args: unknown[]) => {
        calls.push(args.map(String).join(' '));
        original(...args);
      };
    });
    await use(() => page.evaluate(() => (window as unknown as { __scriptErrors: string[] }).__scriptErrors));
  },
  closedPort: async ({}, use) => {
    await use(await freePort());
  },
  embed: async ({ page, server, pageHost }, use) => {
    await use(async (body, options = {}) => {
      const charset = options.charset ?? 'utf-8';
      const html =
        `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="${charset}">` +
        `<title>regime-widget test</title>${options.head ?? ''}` +
        `<script src="${server.url}/regime-widget.js"></script></head>` +
        `<body>${body.replaceAll('{{server}}', server.url)}</body></html>`;
      pageHost.set({
        contentType: `text/html; charset=${charset}`,
        headers: options.csp ? { 'content-security-policy': options.csp } : {},
        body: Buffer.from(html, charset === 'utf-8' ? 'utf8' : 'latin1'),
      });
      await page.goto(`${pageHost.origin}/`);
    });
  },
});

export { expect };

/** A widget's markup; attributes beyond the four main ones go in `extra`. */
export function widget(attrs: Record<string, string | true>): string {
  const list = Object.entries(attrs)
    .map(([name, value]) => (value === true ? name : `${name}="${value}"`))
    .join(' ');
  return `<regime-widget ${list}></regime-widget>`;
}

/**
 * Measures the contract's "first data within 1 s of the script running": from the moment the
 * script defines <regime-widget> to the first `regime-update`, in the page's own clock.
 */
export async function trackFirstData(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __definedAt?: number; __firstData?: number };
    const define = customElements.define.bind(customElements);
    customElements.define = (name, constructor, options) => {
      if (name === 'regime-widget') w.__definedAt ??= performance.now();
      define(name, constructor, options);
    };
    document.addEventListener('regime-update', () => (w.__firstData ??= performance.now()));
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { __definedAt?: number; __firstData?: number };
      if (w.__definedAt === undefined || w.__firstData === undefined) throw new Error('no data yet');
      return w.__firstData - w.__definedAt;
    });
}

/** Collects the page's Content-Security-Policy violations from its start; returns their reader. */
export async function cspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

/** The reference server's `GET /api/health`: Socket.IO clients connected, and sockets subscribed per key. */
export async function health(
  url: string,
): Promise<{ clients: number; subscriptions: Record<string, number> }> {
  return (await (await fetch(`${url}/api/health`)).json()) as never;
}

/** The first `<regime-widget>`'s diagnostics. */
export const diagnostics = (page: Page) =>
  page
    .locator('regime-widget')
    .first()
    .evaluate((el) => (el as HTMLElement & { diagnostics: FeedDiagnostics }).diagnostics);

/** Console warnings about the socket, as the page logged them. */
export function socketWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().includes('Socket.IO')) warnings.push(m.text());
  });
  return warnings;
}

/** Counts the page's REST requests by path, e.g. `/api/regime`. */
export function restRequests(page: Page): Map<string, number> {
  const counts = new Map<string, number>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) counts.set(url.pathname, (counts.get(url.pathname) ?? 0) + 1);
  });
  return counts;
}
