/**
 * Fixtures of the cross-engine suite: the engine of the project (Chromium, Firefox or WebKit, one
 * browser per worker), a fresh tab of it per test, the real reference server, and a page on another
 * origin that embeds the built dist/regime-widget.js from it. A scenario uses only `tab` (the small
 * page interface of scripts/engines/page.ts), so it is written once and runs in every engine; the
 * project's name, in every test's title, says which engine failed.
 */
import { test as base, expect } from '@playwright/test';
import type { ReferenceServer } from '../../server/src/app.js';
import { launchEngine, type Engine, type EngineName, type EnginePage } from '../../scripts/engines/index.js';
import { startPageHost, startReferenceServer, type PageHost } from '../e2e/fixtures.js';

export { expect };
export { health, widget } from '../e2e/fixtures.js';

/** The nonce of the page's probe script: a strict CSP lets it run with `'nonce-${PROBE_NONCE}'`. */
export const PROBE_NONCE = 'regime-probe';

/** What the probe saw in the page. */
export interface Probe {
  /** Uncaught errors, rejections nobody handled, and console.error calls of the page's scripts. */
  errors: string[];
  /** console.warn calls. */
  warnings: string[];
  /** Content-Security-Policy violations. */
  violations: string[];
}

export interface EmbedOptions {
  /** A Content-Security-Policy header for the page. */
  csp?: string;
  /** Extra markup for <head>, after the probe and before the widget's script. */
  head?: string;
  /** What `navigator.language` says in the page, whatever the browser's own language is. */
  language?: string;
}

interface WorkerFixtures {
  /** Which engine the project runs (`use: { engineName }` in playwright.engines.config.ts). */
  engineName: EngineName;
  engine: Engine;
}

interface TestFixtures {
  /** The demo clock of the test's server: ms between candles (`test.use({ tickMs })`). */
  tickMs: number;
  /** A seed for the server's random walk, so a test's market is the same every run. */
  seed: number;
  pageHost: PageHost;
  server: ReferenceServer;
  tab: EnginePage;
  /** Opens a page whose body is `body`; `{{server}}` in it stands for the server's URL. */
  embed: (body: string, options?: EmbedOptions) => Promise<void>;
  /** What the page's probe recorded so far. */
  probe: () => Promise<Probe>;
}

/**
 * Runs in the page before the widget's script: records errors, warnings and CSP violations, and
 * overrides `navigator.language` when asked. Serialized into the page: self-contained.
 */
function installProbe(language: string | null): void {
  const probe = { errors: [] as string[], warnings: [] as string[], violations: [] as string[] };
  (window as unknown as { __probe: typeof probe }).__probe = probe;
  addEventListener('error', (event) => probe.errors.push(`uncaught: ${event.message}`));
  addEventListener('unhandledrejection', (event) => probe.errors.push(`unhandled: ${String(event.reason)}`));
  document.addEventListener('securitypolicyviolation', (event) =>
    probe.violations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`),
  );
  const error = console.error.bind(console);
  const warn = console.warn.bind(console);
  console.error = (...args: unknown[]) => {
    probe.errors.push(args.map(String).join(' '));
    error(...args);
  };
  console.warn = (...args: unknown[]) => {
    probe.warnings.push(args.map(String).join(' '));
    warn(...args);
  };
  if (language !== null)
    Object.defineProperty(Navigator.prototype, 'language', { configurable: true, get: () => language });
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  engineName: ['chromium', { option: true, scope: 'worker' }],
  engine: [
    async ({ engineName }, use) => {
      const engine = await launchEngine(engineName);
      await use(engine);
      await engine.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  tab: async ({ engine }, use) => {
    const tab = await engine.newPage();
    await use(tab);
    await tab.close();
  },
  pageHost: async ({}, use) => {
    const host = await startPageHost();
    await use(host);
    await host.close();
  },
  tickMs: [1000, { option: true }],
  seed: [7, { option: true }],
  server: async ({ pageHost, tickMs, seed }, use) => {
    const server = await startReferenceServer(pageHost.origin, { tickMs, seed });
    await use(server);
    await server.close();
  },
  probe: async ({ tab }, use) => {
    await use(() => tab.evaluate(() => (window as unknown as { __probe: Probe }).__probe));
  },
  embed: async ({ tab, server, pageHost, probe }, use) => {
    let embedded = false;
    await use(async (body, options = {}) => {
      const html =
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>regime-widget test</title>` +
        // A page of its own icon: Firefox and WebKit would fetch /favicon.ico, which a strict CSP blocks.
        `<link rel="icon" href="data:,">` +
        `<script nonce="${PROBE_NONCE}">(${installProbe.toString()})(${JSON.stringify(options.language ?? null)})</script>` +
        `${options.head ?? ''}<script src="${server.url}/regime-widget.js"></script></head>` +
        `<body>${body.replaceAll('{{server}}', server.url)}</body></html>`;
      pageHost.set({
        contentType: 'text/html; charset=utf-8',
        headers: options.csp ? { 'content-security-policy': options.csp } : {},
        body: Buffer.from(html),
      });
      await tab.goto(`${pageHost.origin}/`);
      embedded = true;
    });
    // Whatever a test checked, the page's scripts threw nothing and logged no error.
    if (embedded) expect((await probe()).errors).toEqual([]);
  },
});

/** The text of `selector` in the shadow root of the `index`-th widget, trimmed; null when absent. */
export function shown(tab: EnginePage, selector: string, index = 0): Promise<string | null> {
  return tab.evaluate(
    ([selector, index]) => {
      const host = document.querySelectorAll('regime-widget').item(index);
      return host?.shadowRoot?.querySelector(selector)?.textContent?.trim() ?? null;
    },
    [selector, index] as const,
  );
}

/** An attribute of `selector` in the shadow root of the `index`-th widget. */
export function attribute(
  tab: EnginePage,
  selector: string,
  name: string,
  index = 0,
): Promise<string | null> {
  return tab.evaluate(
    ([selector, name, index]) => {
      const host = document.querySelectorAll('regime-widget').item(index);
      return host?.shadowRoot?.querySelector(selector)?.getAttribute(name) ?? null;
    },
    [selector, name, index] as const,
  );
}

/**
 * How many pixels of the `index`-th widget's sparkline have ink, and how many of those are within
 * 24 of `rgb` on every channel.
 */
export function sparklineInk(
  tab: EnginePage,
  rgb: [number, number, number] = [0, 0, 0],
  index = 0,
): Promise<{ inked: number; near: number }> {
  return tab.evaluate(
    ([rgb, index]) => {
      const host = document.querySelectorAll('regime-widget').item(index);
      const canvas = host?.shadowRoot?.querySelector('canvas');
      if (!canvas || canvas.width === 0) return { inked: 0, near: 0 };
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      let near = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! === 0) continue;
        inked++;
        if (rgb.every((v, c) => Math.abs(v - data[i + c]!) <= 24)) near++;
      }
      return { inked, near };
    },
    [rgb, index] as const,
  );
}
