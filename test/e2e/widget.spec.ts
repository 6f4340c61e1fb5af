import { expect, test, trackFirstData, widget } from './fixtures.js';

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

test('shows REST data within 1 s and API mode when the socket port is closed, with one warning', async ({
  page,
  embed,
  consoleMessages,
  scriptErrors,
  closedPort,
}) => {
  const firstDataAfter = await trackFirstData(page);
  const wsUrl = `http://127.0.0.1:${closedPort}`;
  await embed(widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': wsUrl }));
  await expect(page.locator(badge)).toHaveAttribute('data-mode', 'polling');
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveText(/^\d{1,3}\.\d$/);
  expect(await firstDataAfter()).toBeLessThan(1000);
  // Several retries later, still one warning: one per outage, not one per retry.
  await expect
    .poll(() =>
      page
        .locator('regime-widget')
        .evaluate(
          (el) =>
            (el as unknown as { diagnostics: { socket: { attempts: number } } }).diagnostics.socket.attempts,
        ),
    )
    .toBeGreaterThanOrEqual(3);
  const warnings = consoleMessages.filter((m) => m.type() === 'warning' && m.text().includes('Socket.IO'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.text()).toContain(wsUrl);
  expect(warnings[0]!.text()).toContain('/signals');
  expect(await scriptErrors()).toEqual([]);
});
