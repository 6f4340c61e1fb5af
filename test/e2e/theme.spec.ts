/**
 * Theming in Chromium against the built bundle: light, dark and auto (following the system setting
 * live), `transparent`, every documented CSS custom property and `::part()`, and sizing to the
 * container with the sparkline following. Pixels are checked where the picture is the point.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { ElementDeclaration, Manifest } from '../../scripts/manifest.js';
import { canvasStats, lightness, shotStats, type Rgb } from './pixels.js';
import { expect, test, widget, type ScriptedFeed } from './scripted-feed.js';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
const element = manifest.modules[0]!.declarations[0] as ElementDeclaration;

const WHITE = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(22, 26, 33)';
const LIGHT_LINE: Rgb = [31, 95, 191];
const DARK_LINE: Rgb = [124, 179, 255];

/** A widget fed by the scripted backend. */
function fed(feed: ScriptedFeed, attrs: Record<string, string | true>, live = false): string {
  return widget({
    timeframe: '1h',
    'api-url': `${feed.url}/api`,
    ...(live && { 'ws-url': feed.url }),
    ...attrs,
  });
}

const card = (id: string) => `#${id} >> [part=card]`;

/** Waits for `count` animation frames in the page. */
async function frames(page: Page, count: number): Promise<void> {
  await page.evaluate(async (count) => {
    for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  }, count);
}

async function background(page: Page, id: string): Promise<string> {
  return page.locator(card(id)).evaluate((el) => getComputedStyle(el).backgroundColor);
}

/** Waits until every widget on the page shows data and has drawn its sparkline. */
async function ready(page: Page, count: number): Promise<void> {
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveCount(count);
  for (const canvas of await page.locator('regime-widget >> canvas').all()) {
    // A sparkline off-screen waits to be seen before it draws.
    await canvas.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await canvasStats(canvas)).inked).toBeGreaterThan(20);
  }
}

test('theme="auto" follows prefers-color-scheme live; light and dark stay put', async ({
  page,
  embed,
  feed,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await embed(
    fed(feed, { id: 'auto', symbol: 'BTCUSDT' }) +
      fed(feed, { id: 'light', symbol: 'ETHUSDT', theme: 'light' }) +
      fed(feed, { id: 'dark', symbol: 'SOLUSDT', theme: 'dark' }),
  );
  await ready(page, 3);
  const autoCanvas = page.locator('#auto >> canvas');

  expect(await background(page, 'auto')).toBe(WHITE);
  expect(
    lightness((await shotStats(page.locator(card('auto')), [], { top: 2, height: 6, inset: 16 })).mean),
  ).toBeGreaterThan(240);
  expect((await canvasStats(autoCanvas, [LIGHT_LINE])).near[0]).toBeGreaterThan(20);

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => background(page, 'auto')).toBe(DARK_BG);
  const dark = await shotStats(page.locator(card('auto')), [], { top: 2, height: 6, inset: 16 });
  expect(lightness(dark.mean)).toBeLessThan(40);
  // The sparkline redraws in the dark palette's colour, with no new data.
  await expect
    .poll(async () => (await canvasStats(autoCanvas, [DARK_LINE, LIGHT_LINE])).near)
    .toEqual([expect.any(Number), 0]);
  expect((await canvasStats(autoCanvas, [DARK_LINE])).near[0]).toBeGreaterThan(20);
  expect(await background(page, 'light')).toBe(WHITE);
  expect(await background(page, 'dark')).toBe(DARK_BG);

  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => background(page, 'auto')).toBe(WHITE);
  expect(await background(page, 'dark')).toBe(DARK_BG);
  // The whole card, text included, reads as light and as dark.
  expect(lightness((await shotStats(page.locator(card('auto')))).mean)).toBeGreaterThan(200);
  expect(lightness((await shotStats(page.locator(card('dark')))).mean)).toBeLessThan(70);
});

test('theme and transparent set as properties restyle the widget', async ({ page, embed, feed }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await embed(`<div id="page" class="paper">${fed(feed, { id: 'w', symbol: 'BTCUSDT' })}</div>`, {
    head: '<style>.paper { background: rgb(250, 240, 200); padding: 20px; }</style>',
  });
  await ready(page, 1);
  const host = page.locator('#w');
  await host.evaluate((el) => ((el as HTMLElementTagNameMap['regime-widget']).theme = 'dark'));
  await expect(host).toHaveAttribute('theme', 'dark');
  await expect.poll(() => background(page, 'w')).toBe(DARK_BG);

  await host.evaluate((el) => ((el as HTMLElementTagNameMap['regime-widget']).transparent = true));
  await expect(host).toHaveAttribute('transparent', '');
  await expect.poll(() => background(page, 'w')).toBe('rgba(0, 0, 0, 0)');
  expect(await page.locator(card('w')).evaluate((el) => getComputedStyle(el).borderTopColor)).toBe(
    'rgba(0, 0, 0, 0)',
  );
  // The page's own paper shows through the card.
  const strip = await shotStats(page.locator(card('w')), [[250, 240, 200]], { top: 2, height: 6, inset: 16 });
  expect(strip.near[0]).toBe(strip.opaque);
});

test('an unknown label is drawn in the neutral colour of each theme, a known one in its own; --regime-neutral sets it', async ({
  page,
  embed,
  feed,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  feed.set('ADAUSDT', { regime: 'squeeze' });
  await embed(
    fed(feed, { symbol: 'BTCUSDT', id: 'known' }) +
      fed(feed, { symbol: 'ADAUSDT', id: 'light' }) +
      fed(feed, { symbol: 'ADAUSDT', id: 'dark', theme: 'dark' }),
  );
  const colour = (id: string) =>
    page.locator(`#${id} >> [part=label]`).evaluate((el) => getComputedStyle(el).color);
  await expect(page.locator('#light >> [part=label]')).toHaveText('squeeze');
  await expect(page.locator('#known >> [part=label]')).toHaveText('Trend up');
  // styles.css: --_neutral is #4b5563 in light, #b8c0cc in dark; trend_up is #0b7a3e.
  expect(await colour('light')).toBe('rgb(75, 85, 99)');
  expect(await colour('dark')).toBe('rgb(184, 192, 204)');
  expect(await colour('known')).toBe('rgb(11, 122, 62)');
  await page.evaluate(() => document.body.style.setProperty('--regime-neutral', 'rgb(1, 2, 3)'));
  expect(await colour('light')).toBe('rgb(1, 2, 3)');
  expect(await colour('known')).toBe('rgb(11, 122, 62)');
});

test('every documented CSS custom property, set on an ancestor, changes what the widget shows', async ({
  page,
  embed,
  feed,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  feed.set('ETHUSDT', { regime: 'trend_down' });
  feed.set('SOLUSDT', { regime: 'range' });
  feed.set('XRPUSDT', { regime: 'volatile' });
  feed.set('ADAUSDT', { regime: 'squeeze' });
  await embed(
    fed(feed, { symbol: 'BTCUSDT' }, true) +
      ['ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT'].map((symbol) => fed(feed, { symbol })).join('') +
      widget({ symbol: 'BTCUSDT', 'api-url': `${feed.url}/api` }),
  );
  await ready(page, 5);
  await expect(page.locator('regime-widget >> [part=badge][data-mode=live]')).toHaveCount(1);
  feed.alert({ symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up', severity: 'warning' });
  await expect(page.locator('regime-widget >> [part=toast]')).toHaveCount(1);

  const look = () =>
    page.evaluate(() => {
      const properties = [
        'color',
        'background-color',
        'border-top-color',
        'border-left-color',
        'font-family',
      ];
      properties.push('font-size', 'border-top-left-radius', 'padding-top', 'row-gap', 'min-height');
      return [...document.querySelectorAll('regime-widget')]
        .flatMap((host) => [...host.shadowRoot!.querySelectorAll('*')])
        .map((el) => {
          const style = getComputedStyle(el);
          return properties.map((p) => style.getPropertyValue(p)).join('|');
        })
        .join('\n');
    });
  const before = await look();
  const unchanged: string[] = [];
  for (const property of element.cssProperties) {
    const value =
      property.syntax === '<color>'
        ? 'rgb(1, 2, 3)'
        : property.syntax === '<length>'
          ? '37px'
          : '"Courier New", monospace';
    await page.evaluate(
      ([name, value]) => document.body.style.setProperty(name!, value!),
      [property.name, value],
    );
    // Two frames: the sparkline box's colour follows with a 1 ms transition (Sparkline.svelte).
    await frames(page, 2);
    if ((await look()) === before) unchanged.push(property.name);
    await page.evaluate((name) => document.body.style.removeProperty(name), property.name);
  }
  expect(unchanged).toEqual([]);
  await frames(page, 2);
  expect(await look()).toBe(before);
});

test("a custom property from an ancestor reaches every theme; the element's own value wins", async ({
  page,
  embed,
  feed,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await embed(
    `<div style="--regime-bg: rgb(200, 0, 0); --regime-radius: 3px">` +
      fed(feed, { id: 'auto', symbol: 'BTCUSDT' }) +
      fed(feed, { id: 'light', symbol: 'BTCUSDT', theme: 'light' }) +
      fed(feed, { id: 'dark', symbol: 'BTCUSDT', theme: 'dark' }) +
      fed(feed, { id: 'own', symbol: 'BTCUSDT', style: '--regime-bg: rgb(0, 0, 200)' }) +
      `</div>${fed(feed, { id: 'outside', symbol: 'BTCUSDT', theme: 'light' })}`,
  );
  await ready(page, 5);
  const radius = (id: string) =>
    page.locator(card(id)).evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
  for (const id of ['auto', 'light', 'dark']) {
    expect(await background(page, id), id).toBe('rgb(200, 0, 0)');
    expect(await radius(id), id).toBe('3px');
  }
  expect(await background(page, 'own')).toBe('rgb(0, 0, 200)');
  expect(await radius('own')).toBe('3px');
  expect(await background(page, 'outside')).toBe(WHITE);
  expect(await radius('outside')).toBe('10px');
});

test('the sparkline is drawn in --regime-sparkline-color', async ({ page, embed, feed }) => {
  await embed(fed(feed, { id: 'w', symbol: 'BTCUSDT' }), {
    head: '<style>regime-widget { --regime-sparkline-color: rgb(255, 0, 255); }</style>',
  });
  await ready(page, 1);
  const stats = await canvasStats(page.locator('#w >> canvas'), [[255, 0, 255]]);
  expect(stats.near[0]).toBeGreaterThan(20);
  expect(stats.near[0]).toBeGreaterThan(stats.inked * 0.8);
});

test('a new sparkline colour set at run time redraws the line at once, with no new data', async ({
  page,
  embed,
  feed,
}) => {
  await embed(fed(feed, { id: 'w', symbol: 'BTCUSDT' }));
  await ready(page, 1);
  const canvas = page.locator('#w >> canvas');
  expect((await canvasStats(canvas, [LIGHT_LINE])).near[0]).toBeGreaterThan(20);
  // As a page's own dark mode would: a class on the root sets the widget's custom property.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = '.night regime-widget { --regime-sparkline-color: rgb(255, 0, 255); }';
    document.head.append(style);
    document.documentElement.classList.add('night');
  });
  const drawnIn = (rgb: Rgb) => async () => {
    const stats = await canvasStats(canvas, [rgb]);
    return stats.near[0]! > 20 && stats.near[0]! > stats.inked * 0.8;
  };
  await expect.poll(drawnIn([255, 0, 255])).toBe(true);
  // The same through the part's colour, with a transition of the page's own on the part.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent =
      '.night regime-widget::part(sparkline) { color: rgb(0, 160, 0); transition: opacity 0.2s; }';
    document.head.append(style);
  });
  await expect.poll(drawnIn([0, 160, 0])).toBe(true);
});

test('::part() styles every documented part from the page', async ({ page, embed, feed }) => {
  const rule = element.cssParts.map((part) => `regime-widget::part(${part.name})`).join(', ');
  await embed(
    fed(feed, { symbol: 'BTCUSDT' }, true) + widget({ symbol: 'BTCUSDT', 'api-url': `${feed.url}/api` }),
    { head: `<style>${rule} { outline: 3px solid rgb(9, 8, 7); }</style>` },
  );
  await ready(page, 1);
  await expect(page.locator('regime-widget >> [part=badge][data-mode=live]')).toHaveCount(1);
  feed.alert({ symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up' });
  await expect(page.locator('regime-widget >> [part=toast]')).toHaveCount(1);
  const styled = await page.evaluate(() =>
    [...document.querySelectorAll('regime-widget')]
      .flatMap((host) => [...host.shadowRoot!.querySelectorAll('[part]')])
      .map((el) => {
        const style = getComputedStyle(el);
        return [el.getAttribute('part')!, `${style.outlineWidth} ${style.outlineColor}`] as const;
      }),
  );
  expect(new Set(styled.map(([part]) => part))).toEqual(new Set(element.cssParts.map((p) => p.name)));
  for (const [part, outline] of styled) expect(outline, part).toBe('3px rgb(9, 8, 7)');
});

test("::part(badge) text styles reach the badge's text, as the README's example sets them", async ({
  page,
  embed,
  feed,
}) => {
  await embed(
    fed(feed, { id: 'styled', symbol: 'BTCUSDT' }) + fed(feed, { id: 'plain', symbol: 'BTCUSDT' }),
    {
      head:
        '<style>#styled::part(badge) { font-size: 11px; text-transform: uppercase; letter-spacing: 1px; ' +
        'font-weight: 400; }</style>',
    },
  );
  await ready(page, 2);
  const text = (id: string) =>
    page.locator(`#${id} >> [part=badge] button`).evaluate((el) => {
      const s = getComputedStyle(el);
      return [s.fontSize, s.textTransform, s.letterSpacing, s.fontWeight];
    });
  expect(await text('styled')).toEqual(['11px', 'uppercase', '1px', '400']);
  // Unstyled, the badge keeps its own look: 0.8em of the widget's 14px, bold.
  expect(await text('plain')).toEqual(['11.2px', 'none', 'normal', '600']);
});

test('sizes to its content on a quirks-mode page (no doctype), as old CMS pages are', async ({
  page,
  pageHost,
  server,
  feed,
}) => {
  pageHost.set({
    contentType: 'text/html; charset=utf-8',
    headers: {},
    body: Buffer.from(
      `<html><head><script src="${server.url}/regime-widget.js"></script></head><body>` +
        `${fed(feed, { id: 'w', symbol: 'BTCUSDT' })}</body></html>`,
    ),
  });
  await page.goto(`${pageHost.origin}/`);
  expect(await page.evaluate(() => document.compatMode)).toBe('BackCompat');
  await ready(page, 1);
  const height = await page.locator(card('w')).evaluate((el) => el.getBoundingClientRect().height);
  expect(height).toBeGreaterThan(120);
  expect(height).toBeLessThan(250);
  expect(await page.locator('#w >> canvas').evaluate((el) => el.getBoundingClientRect().height)).toBe(48);
});

test('sizes to its container, at 100% or a fixed size, and the sparkline follows resizes', async ({
  page,
  embed,
  feed,
}) => {
  await embed(
    `<div id="box" class="box">${fed(feed, { id: 'fluid', symbol: 'BTCUSDT', class: 'fluid' })}</div>` +
      fed(feed, { id: 'fixed', symbol: 'ETHUSDT', class: 'fixed' }),
    {
      head:
        '<style>.box { width: 600px; } .fluid { width: 100%; } ' +
        '.fixed { width: 300px; height: 260px; margin-top: 10px; }</style>',
    },
  );
  await ready(page, 2);
  const width = (selector: string) =>
    page.locator(selector).evaluate((el) => el.getBoundingClientRect().width);
  const height = (selector: string) =>
    page.locator(selector).evaluate((el) => el.getBoundingClientRect().height);
  // The card's border (1px) and padding (12px) on each side.
  const chartWidth = (cardWidth: number) => cardWidth - 2 * (1 + 12);

  expect(await width('#fluid')).toBe(600);
  expect(await width(card('fluid'))).toBe(600);
  await expect.poll(() => width('#fluid >> canvas')).toBeCloseTo(chartWidth(600), 0);
  const before = await page.locator('#fluid >> canvas').evaluate((c) => (c as HTMLCanvasElement).width);

  await page.locator('#box').evaluate((el) => el.classList.replace('box', 'narrow'));
  await page.addStyleTag({ content: '.narrow { width: 320px; }' });
  expect(await width('#fluid')).toBe(320);
  await expect.poll(() => width('#fluid >> canvas')).toBeCloseTo(chartWidth(320), 0);
  // The canvas itself, not only its CSS box, is redrawn at the new size.
  expect(await page.locator('#fluid >> canvas').evaluate((c) => (c as HTMLCanvasElement).width)).toBeLessThan(
    before,
  );
  expect((await canvasStats(page.locator('#fluid >> canvas'))).inked).toBeGreaterThan(20);

  expect(await width('#fixed')).toBe(300);
  expect(await height('#fixed')).toBe(260);
  expect(await height(card('fixed'))).toBe(260);
  // The sparkline takes the height the rows leave, more than its 48px minimum.
  await expect.poll(() => height('#fixed >> canvas')).toBeGreaterThan(80);
  const cardBottom = await page.locator(card('fixed')).evaluate((el) => el.getBoundingClientRect().bottom);
  const timeBottom = await page
    .locator('#fixed >> [part=time]')
    .evaluate((el) => el.getBoundingClientRect().bottom);
  expect(timeBottom).toBeLessThanOrEqual(cardBottom);
});
