/**
 * Hostile payloads at a live widget in Chromium: thousands of malformed `regime` frames injected
 * into its real Socket.IO connection. Nothing throws, nothing odd shows, the last good state stays.
 */
import fc from 'fast-check';
import { checkUpdate } from '../../src/contract/validate.js';
import { nearUpdate } from '../fakes/hostile.js';
import { expect, test, widget } from './fixtures.js';

// No demo clock: the only updates are the one sent on subscribe and the ones this test injects.
test.use({ tickMs: 3_600_000 });

test('malformed socket payloads are dropped; strings show as text', async ({ page, embed }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const dropped: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('dropped an invalid')) dropped.push(m.text());
  });
  let inject: (frame: string) => void = () => {
    throw new Error('no socket yet');
  };
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    ws.connectToServer();
    inject = (frame) => ws.send(frame);
  });
  await embed(
    widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
  );
  const root = page.locator('regime-widget');
  await expect(root.locator('[part=badge]')).toHaveAttribute('data-mode', 'live');
  await expect(root.locator('[data-value=adx]')).toHaveText(/^\d{1,3}\.\d$/);
  const before = await root.evaluate((el) => (el as unknown as { regime: unknown }).regime);
  const shown = await root.locator('[part=values]').textContent();

  // Keep the key so that every payload reaches this widget's validation. The count is what the page
  // can take within the expect timeout on a loaded 2-core machine; the property tests run thousands.
  const payloads = fc
    .sample(nearUpdate, 1000)
    .map((p) => ({ ...(p as object), symbol: 'BTCUSDT', timeframe: '1h' }))
    .filter((p) => !checkUpdate(JSON.parse(JSON.stringify(p))).ok)
    .slice(0, 400);
  expect(payloads.length).toBe(400);
  for (const payload of payloads) inject(`42/signals,${JSON.stringify(['regime', payload])}`);
  for (const payload of payloads.slice(0, 100))
    inject(`42/signals,${JSON.stringify(['regime:alert', payload])}`);
  // Every frame was handled once every one is counted: one warning, the rest in diagnostics.
  await expect
    .poll(() =>
      root.evaluate(
        (el) => (el as unknown as { diagnostics: { droppedPayloads: number } }).diagnostics.droppedPayloads,
      ),
    )
    .toBe(500);
  expect(dropped).toHaveLength(1);

  expect(await root.evaluate((el) => (el as unknown as { regime: unknown }).regime)).toEqual(before);
  await expect(root.locator('[part=values]')).toHaveText(shown!);
  await expect(root.locator('[part=badge]')).toHaveAttribute('data-mode', 'live');
  const text = await root.evaluate((el) => el.shadowRoot!.textContent ?? '');
  expect(text).not.toMatch(/NaN|undefined|null|\[object/);
  expect(await root.locator('[part=toast]').count()).toBe(0);

  // A valid update whose label is markup: shown as text.
  const later = Date.now() + 60_000;
  inject(
    `42/signals,${JSON.stringify(['regime', { symbol: 'BTCUSDT', timeframe: '1h', regime: '<img src=x onerror=alert(1)>', adx: 42.25, atrPct: 0.02, timestamp: later }])}`,
  );
  await expect(root.locator('[part=label]')).toHaveText('<img src=x onerror=alert(1)>');
  expect(await root.evaluate((el) => el.shadowRoot!.querySelectorAll('img, script').length)).toBe(0);
  expect(errors).toEqual([]);
});
