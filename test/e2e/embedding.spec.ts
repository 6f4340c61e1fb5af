/**
 * Embedding in hostile places: a strict Content-Security-Policy, a windows-1251 page, the script
 * loaded twice.
 */
import { cspViolations, expect, test, widget } from './fixtures.js';

const badge = 'regime-widget >> [part=badge]';

test('works under a strict CSP: no inline styles, no eval, no violation', async ({ page, embed, server }) => {
  const violations = await cspViolations(page);
  const ws = server.url.replace('http', 'ws');
  await embed(
    widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
    {
      csp: `default-src 'none'; script-src ${server.url}; connect-src ${server.url} ${ws}; style-src 'none'; img-src data:`,
    },
  );
  await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveText(/^\d{1,3}\.\d$/);
  // Styles applied through adoptedStyleSheets: the card has its border radius and the badge its colour.
  const radius = await page
    .locator('regime-widget >> .card')
    .evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
  expect(radius).toBe('10px');
  const adopted = await page
    .locator('regime-widget')
    .evaluate(
      (el) =>
        el.shadowRoot!.adoptedStyleSheets.length + el.shadowRoot!.querySelectorAll('style').length * 100,
    );
  expect(adopted).toBe(1);
  // The sparkline drew real pixels.
  const inked = await page.locator('regime-widget >> canvas').evaluate((canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(20);
  expect(await violations()).toEqual([]);
});

test('keeps its glyphs on a windows-1251 page', async ({ page, embed }) => {
  // "Привет" in windows-1251, written as the bytes a Russian CMS would send.
  const greeting = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]).toString('latin1');
  await embed(
    `<h1>${greeting}</h1>` +
      widget({
        symbol: 'BTCUSDT',
        timeframe: '1h',
        'api-url': '{{server}}/api',
        'ws-url': '{{server}}',
        locale: 'en',
      }),
    {
      charset: 'windows-1251',
    },
  );
  expect(await page.evaluate(() => document.characterSet)).toBe('windows-1251');
  await expect(page.locator('h1')).toHaveText('Привет');
  await expect(page.locator(badge)).toHaveText(/^● Live/);
  await page.locator('regime-widget').evaluate((el) => el.setAttribute('locale', 'ru'));
  await expect(page.locator(badge)).toHaveText(/^● Онлайн/);
});

test('loading the script twice is harmless', async ({ page, embed, server }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await embed(
    `<script src="${server.url}/regime-widget.js"></script>` +
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api' }),
  );
  await expect(page.locator(badge)).toHaveText(/^○ API/);
  expect(errors).toEqual([]);
});
