/**
 * The widget in Chromium against real third-party backends (test/interop/servers.ts): the mode it
 * settles in, whether live data flows, and what it says in the console. One row per backend; the
 * reference server still serves the bundle (and, behind nginx, is the backend).
 */
import type { Page } from '@playwright/test';
import type { ReferenceServer } from '../../server/src/app.js';
import type { Mode } from '../../src/contract/types.js';
import {
  startNginx,
  startPythonBackend,
  startSocketIoV2,
  startTroubleshootingBackend,
  type Backend,
} from '../interop/servers.js';
import { expect, test, widget } from './fixtures.js';

interface Row {
  backend: string;
  /** Starts the backend for a page at `origin`; the reference server is there to stand behind it. */
  start(origin: string, reference: ReferenceServer): Promise<Backend>;
  /** The REST base, when it is not the backend's own. */
  apiUrl?(reference: ReferenceServer): string;
  /** The mode the widget settles in. */
  mode: Extract<Mode, 'live' | 'polling'>;
  /** The ADX it shows. Default: any. */
  adx?: RegExp;
  /** Updates keep coming over the socket. Default: when live. */
  flows?: boolean;
  /** What its one console warning says, or none when it must say nothing. */
  warning?: RegExp;
}

const ROWS: Row[] = [
  {
    backend: 'python-socketio 5 serving /signals',
    start: (origin) => startPythonBackend({ corsOrigins: [origin], tickMs: 500 }),
    mode: 'live',
  },
  {
    backend: 'python-socketio 5 serving only the root namespace (its refusal is "Unable to connect")',
    start: (origin) => startPythonBackend({ namespace: '/', corsOrigins: [origin], tickMs: 500 }),
    mode: 'live',
  },
  {
    backend: 'nginx in front without the Upgrade header (WebSocket refused, long-polling passes)',
    start: (_origin, reference) => startNginx(reference.url, 'no-upgrade'),
    mode: 'live',
  },
  {
    backend: 'the classic troubleshooting backend (one keyless regime on connection, no REST)',
    start: () => startTroubleshootingBackend(),
    mode: 'live',
    adx: /^18\.5$/,
    flows: false,
  },
  {
    backend: 'nginx in front, with the Upgrade and Connection headers',
    start: (_origin, reference) => startNginx(reference.url, 'upgrade'),
    mode: 'live',
  },
  {
    backend: 'nginx under a path prefix (location /rt/, ws-path="/rt/socket.io")',
    start: (_origin, reference) => startNginx(reference.url, 'prefix'),
    mode: 'live',
  },
  {
    backend: 'a Socket.IO 2 server (REST from the reference server)',
    start: () => startSocketIoV2(),
    apiUrl: (reference) => `${reference.url}/api`,
    mode: 'polling',
    warning: /Socket\.IO server in v2\.x/,
  },
];

/** The widget's console warnings, as the page logs them. */
function warnings(page: Page): string[] {
  const said: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('[regime-widget]'))
      said.push(message.text());
  });
  return said;
}

/** Counts the widget's accepted updates. */
async function countUpdates(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __updates: number };
    w.__updates = 0;
    document.addEventListener('regime-update', () => (w.__updates += 1));
  });
  return () => page.evaluate(() => (window as unknown as { __updates: number }).__updates);
}

for (const row of ROWS) {
  const flows = row.flows ?? row.mode === 'live';
  const title = [
    row.mode === 'live' ? '● Live' : '○ API',
    flows ? 'updates flow' : '',
    row.warning ? 'the warning says why' : 'no warning',
  ];
  test(`${row.backend}: ${title.filter(Boolean).join(', ')}`, async ({ page, embed, server, pageHost }) => {
    const backend = await row.start(pageHost.origin, server);
    try {
      const said = warnings(page);
      const updates = await countUpdates(page);
      const apiUrl = row.apiUrl?.(server) ?? backend.apiUrl;
      await embed(
        widget({
          symbol: 'BTCUSDT',
          timeframe: '1h',
          ...(apiUrl && { 'api-url': apiUrl }),
          'ws-url': backend.url,
          ...(backend.wsPath && { 'ws-path': backend.wsPath }),
        }),
      );
      const badge = page.locator('regime-widget >> [part=badge]');
      await expect(badge).toHaveAttribute('data-mode', row.mode);
      await expect(badge).toHaveText(row.mode === 'live' ? /^●/ : /^○ API/);
      await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveText(row.adx ?? /^\d{1,3}\.\d$/);
      if (flows) {
        // REST gives one update at the start; live, every further one comes over the socket.
        await expect.poll(updates, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
        await expect(badge).toHaveAttribute('data-mode', 'live');
      }
      if (row.warning) {
        await expect.poll(() => said.length).toBe(1);
        expect(said[0]).toMatch(row.warning);
      } else {
        expect(said).toEqual([]);
      }
    } finally {
      await backend.close();
    }
  });
}
