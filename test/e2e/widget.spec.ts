import { expect, test, widget } from './fixtures.js';

const badge = 'regime-widget >> [part=badge]';

test('goes live over Socket.IO and shows the regime', async ({ page, embed }) => {
  await embed(
    widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
  );
  await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
  await expect(page.locator(badge)).toHaveText(/^● Live/);
  await expect(page.locator('regime-widget >> [part=label]')).toHaveText(
    /Trend up|Trend down|Range|Volatile/,
  );
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveText(/^\d{1,3}\.\d$/);
  await expect(page.locator('regime-widget >> [data-value=atr]')).toHaveText(/^\d+\.\d\d%$/);
  expect(await page.locator('regime-widget').evaluate((el) => (el as unknown as { mode: string }).mode)).toBe(
    'live',
  );
});

test('shows API mode with data when no socket is configured', async ({ page, embed }) => {
  await embed(widget({ symbol: 'ETHUSDT', timeframe: '15m', 'api-url': '{{server}}/api' }));
  await expect(page.locator(badge)).toHaveAttribute('data-mode', 'polling');
  await expect(page.locator(badge)).toHaveText(/^○ API/);
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveText(/^\d{1,3}\.\d$/);
});
