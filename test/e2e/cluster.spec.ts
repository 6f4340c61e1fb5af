/**
 * The widget on node B of two served nodes on one Redis shows what a source ingests on node A: the
 * regime, its history, the live update and the alert of a change, with the built dist/regime-widget.js
 * in Chromium, on a page of another origin.
 */
import { startBackend, type Backend } from '../../server/src/backend.js';
import { DEMO_PAGE } from '../../server/src/app.js';
import { startRedis, type RedisServer } from '../../scripts/redis-server.js';
import { expect, test } from './fixtures.js';

const TOKEN = 'e2e-ingest-token';

async function ingest(node: Backend, body: unknown): Promise<void> {
  const response = await fetch(`${node.url}/api/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(202);
}

const btc = (timestamp: number, regime: string, adx: number) => ({
  symbol: 'BTCUSDT',
  timeframe: '1h',
  regime,
  adx,
  atrPct: 0.0156,
  timestamp,
});

let redis: RedisServer;
test.beforeAll(async () => {
  redis = await startRedis();
});
test.afterAll(() => redis.stop());

test('a widget on node B shows an update and an alert ingested on node A', async ({ page, pageHost }) => {
  const options = { port: 0, logLevel: 'silent', redisUrl: redis.url, ingestToken: TOKEN };
  const a = await startBackend({ ...options, corsOrigins: [pageHost.origin] });
  // B also serves the built widget, as any host of the script would.
  const b = await startBackend({ ...options, corsOrigins: [pageHost.origin], page: DEMO_PAGE });
  try {
    const start = Date.now() - 10_000;
    await ingest(a, [
      btc(start, 'range', 18.1),
      btc(start + 1, 'range', 19.2),
      btc(start + 2, 'range', 21.3),
    ]);
    pageHost.set({
      contentType: 'text/html; charset=utf-8',
      headers: {},
      body: Buffer.from(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cluster</title>` +
          `<script src="${b.url}/regime-widget.js"></script></head><body>` +
          `<regime-widget symbol="BTCUSDT" timeframe="1h" api-url="${b.url}/api" ws-url="${b.url}"></regime-widget>` +
          `</body></html>`,
      ),
    });
    await page.goto(`${pageHost.origin}/`);
    const widget = page.locator('regime-widget');
    await expect(widget.locator('[part=badge]')).toHaveAttribute('data-mode', 'live');
    await expect(widget.locator('[data-value=adx]')).toHaveText('21.3');
    await expect(widget.locator('[part=label]')).toHaveText('Range');

    await ingest(a, btc(Date.now(), 'trend_up', 31.4));
    await expect(widget.locator('[data-value=adx]')).toHaveText('31.4');
    await expect(widget.locator('[part=label]')).toHaveText('Trend up');
    await expect(widget.locator('[part=toast]')).toContainText(/range → trend up/i);
    expect(await widget.evaluate((el) => (el as unknown as { mode: string }).mode)).toBe('live');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
