/**
 * The examples in demo/examples, run as an integrator would run them, in Chromium against the built
 * bundle: plain.html with its CDN script served from this build (its backend is a placeholder, so
 * its widgets wait for data and must still read on their backgrounds), and the Vue app built by
 * Vite from its own config and served by `vite preview`, against the reference server.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import { startServer } from '../../server/src/app.js';
import { textContrasts } from './contrast.js';
import { expect, test } from './fixtures.js';

const EXAMPLES = resolve('demo/examples');

test('plain.html: every widget reads on its background, and the badge takes the page\u2019s ::part() styles', async ({
  page,
}) => {
  const html = readFileSync(join(EXAMPLES, 'plain.html'), 'utf8');
  const cdn = /<script src="(https:\/\/unpkg\.com\/[^"]+)"/.exec(html)![1]!;
  await page.route(cdn, (route) => route.fulfill({ path: 'dist/regime-widget.js' }));
  // The example's backend is a placeholder: nothing answers there.
  await page.route('https://example.com/**', (route) => route.abort());
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(pathToFileURL(join(EXAMPLES, 'plain.html')).href);
    await expect(page.locator('regime-widget >> [part=badge]')).toHaveCount(2);
    const found = await textContrasts(page);
    expect(found.length).toBeGreaterThan(4);
    expect(found.filter((f) => f.ratio < 4.5)).toEqual([]);
    const badge = await page
      .locator('regime-widget >> [part=badge] button')
      .first()
      .evaluate((el) => [getComputedStyle(el).textTransform, getComputedStyle(el).fontSize]);
    expect(badge).toEqual(['uppercase', '11px']);
  }
});

test.describe('the Vue example', () => {
  let out: string;
  let site: PreviewServer;

  test.beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'regime-widget-vue-'));
    const config = { root: join(EXAMPLES, 'vue'), logLevel: 'silent' as const, build: { outDir: out } };
    await build(config);
    site = await preview({ ...config, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  });

  test.afterAll(async () => {
    await site.close();
    rmSync(out, { recursive: true, force: true });
  });

  test('builds with Vite and runs: live data, its bindings as attributes and properties, its events', async ({
    page,
  }) => {
    const origin = site.resolvedUrls!.local[0]!.replace(/\/$/, '');
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      corsOrigins: [origin],
    });
    try {
      await page.goto(`${origin}/?server=${encodeURIComponent(server.url)}`);
      const widget = page.locator('regime-widget');
      await expect(widget.locator('[part=badge]')).toHaveAttribute('data-mode', 'live');
      // @regime-update and @regime-connection reach the app.
      await expect(page.locator('section p')).toHaveText(/^live: \w+, ADX \d+\.\d$/);
      expect(await widget.getAttribute('api-url')).toBe(`${server.url}/api`);
      const set = await widget.evaluate((el) => ({
        pollInterval: (el as HTMLElementTagNameMap['regime-widget']).pollInterval,
        attribute: el.getAttribute('poll-interval'),
        theme: el.getAttribute('theme'),
      }));
      expect(set).toEqual({ pollInterval: 30000, attribute: null, theme: 'light' });
      await page.getByRole('button', { name: 'Snapshot' }).click();
      await expect(page.locator('section img')).toHaveAttribute('src', /^data:image\/png;base64,/);
    } finally {
      await server.close();
    }
  });
});
