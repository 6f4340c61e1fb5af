/**
 * The widget in the host page's layout, in Chromium against the built bundle and the reference
 * server: embedded with the README's own snippet it moves nothing on the page (cumulative layout
 * shift 0.00), from before its script runs to live data; it mirrors under `dir="rtl"`; and it fits
 * a 320 px screen.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, widget } from './fixtures.js';

/** The first ```html block of the README's "Embed it" section, as an integrator copies it. */
function readmeSnippet(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('\n## Embed it'));
  const block = /```html\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no html block under "## Embed it"');
  return block[1]!;
}

/** Records every layout shift of the page from its first paint. */
async function recordShifts(page: Page): Promise<() => Promise<{ cls: number; moved: string[] }>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __shifts: { value: number; moved: string[] }[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources: { node?: Node }[];
      })[]) {
        if (entry.hadRecentInput) continue;
        const moved = entry.sources.map((s) => s.node?.nodeName ?? '?');
        w.__shifts.push({ value: entry.value, moved });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return () =>
    page.evaluate(() => {
      const shifts = (window as unknown as { __shifts: { value: number; moved: string[] }[] }).__shifts;
      return { cls: shifts.reduce((sum, s) => sum + s.value, 0), moved: shifts.flatMap((s) => s.moved) };
    });
}

test("the README's embed snippet moves nothing on the page: CLS 0.00 from before the script to live data", async ({
  page,
  pageHost,
  server,
}) => {
  const shifts = await recordShifts(page);
  // As over a real network: the script and the first REST answer take a while.
  await page.route('**/regime-widget.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await page.route('**/api/regime?*', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  const snippet = readmeSnippet().replaceAll('https://your.host', server.url);
  expect(snippet).toContain(':not(:defined)');
  pageHost.set({
    contentType: 'text/html; charset=utf-8',
    headers: {},
    body: Buffer.from(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CLS</title></head><body>' +
        `<h1>A page</h1>${snippet}<p id="below">The text below the widget.</p></body></html>`,
    ),
  });
  await page.goto(`${pageHost.origin}/`);
  const badge = page.locator('regime-widget >> [part=badge]');
  await expect(badge).toHaveAttribute('data-mode', 'live');
  await expect(page.locator('regime-widget >> [data-value=adx]')).toBeVisible();
  // A few live updates, and a sparkline drawn.
  const time = page.locator('regime-widget >> [part=time] time');
  const first = await time.getAttribute('datetime');
  server.tick();
  await expect(time).not.toHaveAttribute('datetime', first!);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));

  const { cls, moved } = await shifts();
  console.info(`cumulative layout shift with the README's snippet: ${cls.toFixed(5)} (${cls.toFixed(2)})`);
  // The text below never moves; what is left is the badge's width as its word changes.
  expect(moved).not.toContain('P');
  expect(cls.toFixed(2)).toBe('0.00');
});

test('mirrors under dir="rtl": the badge on the left, the key on the right', async ({ page, embed }) => {
  await embed(
    `<div dir="rtl">${widget({ id: 'rtl', symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api' })}</div>` +
      widget({ id: 'ltr', symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api' }),
  );
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveCount(2);
  const layout = (id: string) =>
    page.locator(`#${id}`).evaluate((el) => {
      const box = (part: string) => el.shadowRoot!.querySelector(`[part=${part}]`)!.getBoundingClientRect();
      const card = box('card');
      const range = document.createRange();
      range.selectNodeContents(el.shadowRoot!.querySelector('[part=label]')!);
      const label = range.getBoundingClientRect();
      return {
        keyAtStart: box('key').left - card.left < card.right - box('key').right,
        badgeAtStart: box('badge').left - card.left < card.right - box('badge').right,
        labelAtStart: label.left - card.left < card.right - label.right,
        tooltipInside: box('tooltip').left >= card.left - 1 && box('tooltip').right <= card.right + 1,
      };
    });
  expect(await layout('ltr')).toEqual({
    keyAtStart: true,
    badgeAtStart: false,
    labelAtStart: true,
    tooltipInside: true,
  });
  expect(await layout('rtl')).toEqual({
    keyAtStart: false,
    badgeAtStart: true,
    labelAtStart: false,
    tooltipInside: true,
  });
});

test.describe('on a 320 px screen', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('fits: nothing overflows the widget or the page, in both directions', async ({ page, embed }) => {
    await embed(
      widget({ id: 'ltr', symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api' }) +
        `<div dir="rtl">${widget({ id: 'rtl', symbol: 'ETHUSDT', timeframe: '15m', 'api-url': '{{server}}/api', locale: 'ru' })}</div>`,
      { head: '<meta name="viewport" content="width=device-width, initial-scale=1">' },
    );
    await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveCount(2);
    await page.locator('#ltr >> [part=badge] button').focus();
    await expect(page.locator('#ltr >> [part=tooltip]')).toBeVisible();
    const overflow = await page.evaluate(() => {
      const found: string[] = [];
      if (document.documentElement.scrollWidth > innerWidth)
        found.push(`page ${document.documentElement.scrollWidth}`);
      for (const host of document.querySelectorAll('regime-widget')) {
        const card = host.shadowRoot!.querySelector('[part=card]')!.getBoundingClientRect();
        if (card.right > innerWidth || card.left < 0) found.push(`${host.id} card`);
        for (const el of host.shadowRoot!.querySelectorAll('[part]')) {
          const box = el.getBoundingClientRect();
          if (box.width && (box.left < card.left - 1 || box.right > card.right + 1))
            found.push(`${host.id} ${el.getAttribute('part')}`);
        }
      }
      return found;
    });
    expect(overflow).toEqual([]);
  });
});
