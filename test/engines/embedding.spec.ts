/**
 * The widget in a host page, in every engine: under a strict Content-Security-Policy, in its dark
 * theme (as rendered, from a screenshot), its badge's tooltip by keyboard, and its PNG export.
 */
import type { EnginePage } from '../../scripts/engines/index.js';
import { attribute, expect, PROBE_NONCE, shown, sparklineInk, test, widget } from './fixtures.js';

const LIVE = { symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' };

/** 0 (black) to 255 (white). */
const lightness = ([r, g, b]: number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;

/**
 * The mean colour of the first widget's card in a screenshot of the viewport, decoded by the page's
 * own image decoder.
 */
async function cardColour(tab: EnginePage): Promise<number[]> {
  const png = (await tab.screenshot()).toString('base64');
  return tab.evaluate(async (base64) => {
    const card = document.querySelector('regime-widget')!.shadowRoot!.querySelector('[part=card]')!;
    const box = card.getBoundingClientRect();
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const scale = bitmap.width / innerWidth;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(box.width * scale);
    canvas.height = Math.round(box.height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, -box.left * scale, -box.top * scale);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
    return sum.map((v) => Math.round(v / (data.length / 4)));
  }, png);
}

test('works under a strict CSP: styles adopted, no inline style, no eval, no violation', async ({
  tab,
  embed,
  server,
  probe,
}) => {
  const ws = server.url.replace('http', 'ws');
  await embed(widget(LIVE), {
    csp:
      `default-src 'none'; script-src 'nonce-${PROBE_NONCE}' ${server.url}; ` +
      `connect-src ${server.url} ${ws}; style-src 'none'; img-src data:`,
  });
  await expect.poll(() => attribute(tab, '[part=badge]', 'data-mode')).toBe('live');
  expect(await shown(tab, '[data-value=adx]')).toMatch(/^\d{1,3}\.\d$/);
  const styles = await tab.evaluate(() => {
    const root = document.querySelector('regime-widget')!.shadowRoot!;
    return {
      adopted: root.adoptedStyleSheets.length,
      styleElements: root.querySelectorAll('style').length,
      radius: getComputedStyle(root.querySelector('[part=card]')!).borderTopLeftRadius,
    };
  });
  expect(styles).toEqual({ adopted: 1, styleElements: 0, radius: '10px' });
  await expect.poll(async () => (await sparklineInk(tab)).inked).toBeGreaterThan(20);
  expect((await probe()).violations).toEqual([]);
});

test('theme="dark" renders a dark card with a light sparkline', async ({ tab, embed }) => {
  await embed(widget({ ...LIVE, theme: 'dark' }), {
    head: '<style>body { background: white; } regime-widget { width: 320px; }</style>',
  });
  await expect.poll(() => shown(tab, '[data-value=adx]')).toMatch(/^\d{1,3}\.\d$/);
  expect(
    await tab.evaluate(
      () =>
        getComputedStyle(document.querySelector('regime-widget')!.shadowRoot!.querySelector('[part=card]')!)
          .backgroundColor,
    ),
  ).toBe('rgb(22, 26, 33)');
  // The line in the dark palette's blue (#7cb3ff), nearly all of it.
  await expect
    .poll(async () => {
      const { inked, near } = await sparklineInk(tab, [124, 179, 255]);
      return inked > 20 && near > inked * 0.5;
    })
    .toBe(true);
  // Polled: a screenshot shows the last painted frame, which under load may still be the card as it
  // was before its data came (shorter, the page's white below it in the box measured now).
  await expect.poll(async () => lightness(await cardColour(tab))).toBeLessThan(70);
});

test('the badge tooltip opens by keyboard and closes with Escape', async ({ tab, embed }) => {
  await embed(`<button id="before">before</button>${widget(LIVE)}<button id="after">after</button>`);
  await expect.poll(() => attribute(tab, '[part=badge]', 'data-mode')).toBe('live');
  /** The focused element, inside shadow roots; and whether the tooltip shows. */
  const state = () =>
    tab.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      const tooltip = document.querySelector('regime-widget')!.shadowRoot!.querySelector('[part=tooltip]')!;
      return {
        focused: `${active?.localName}${active?.id ? `#${active.id}` : ''}`,
        tooltip: getComputedStyle(tooltip).visibility,
      };
    });
  expect(await state()).toEqual({ focused: 'body', tooltip: 'hidden' });

  await tab.evaluate(() => document.getElementById('before')!.focus());
  await tab.press('Tab');
  expect(await state()).toEqual({ focused: 'button', tooltip: 'visible' });
  expect(await shown(tab, '[part=tooltip]')).toBe('Live: updates arrive over WebSocket as they happen.');
  await tab.press('Escape');
  expect(await state()).toEqual({ focused: 'button', tooltip: 'hidden' });
  await tab.press('Shift+Tab');
  await tab.press('Tab');
  expect(await state()).toEqual({ focused: 'button', tooltip: 'visible' });
  await tab.press('Tab');
  expect(await state()).toEqual({ focused: 'button#after', tooltip: 'hidden' });
});

test('toPNG() draws the card at its size and twice that, with its label and line', async ({ tab, embed }) => {
  await embed(widget(LIVE), { head: '<style>regime-widget { width: 320px; }</style>' });
  await expect.poll(() => shown(tab, '[data-value=adx]')).toMatch(/^\d{1,3}\.\d$/);
  await expect.poll(async () => (await sparklineInk(tab)).inked).toBeGreaterThan(20);
  const picture = await tab.evaluate(async () => {
    const widget = document.querySelector('regime-widget')!;
    const root = widget.shadowRoot!;
    const blob = await widget.toPNG();
    const large = await widget.toPNG({ scale: 2 });
    const signature = [...new Uint8Array(await large.arrayBuffer()).slice(0, 8)];
    const bitmap = await createImageBitmap(blob);
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const rgb = (css: string) => css.match(/\d+/g)!.slice(0, 3).map(Number);
    const label = rgb(getComputedStyle(root.querySelector('[part=label]')!).color);
    const line = rgb(getComputedStyle(root.querySelector('[part=sparkline]')!).color);
    const background = rgb(getComputedStyle(root.querySelector('[part=card]')!).backgroundColor);
    const distance = (colour: number[], i: number) =>
      Math.max(...colour.map((v, c) => Math.abs(v - data[i + c]!)));
    const card = root.querySelector('[part=card]')!.getBoundingClientRect();
    const chart = root.querySelector('[part=sparkline]')!.getBoundingClientRect();
    let labelPixels = 0;
    let linePixels = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (distance(label, i) <= 24) labelPixels++;
      // The line is thin and anti-aliased: the chart's pixels nearer the line's colour than the card's.
      const x = (i / 4) % bitmap.width;
      const y = Math.floor(i / 4 / bitmap.width);
      const inChart =
        x >= chart.left - card.left &&
        x < chart.right - card.left &&
        y >= chart.top - card.top &&
        y < chart.bottom - card.top;
      if (inChart && distance(line, i) < distance(background, i)) linePixels++;
    }
    const largeBitmap = await createImageBitmap(large);
    return {
      type: large.type,
      signature,
      card: [Math.round(card.width), Math.round(card.height)],
      size: [bitmap.width, bitmap.height],
      largeSize: [largeBitmap.width, largeBitmap.height],
      labelPixels,
      linePixels,
      url: widget.toDataURL().slice(0, 22),
    };
  });
  expect(picture.type).toBe('image/png');
  expect(picture.signature).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(picture.card[0]).toBe(320);
  expect(picture.size).toEqual(picture.card);
  expect(picture.largeSize).toEqual(picture.card.map((v) => v * 2));
  expect(picture.labelPixels).toBeGreaterThan(40);
  expect(picture.linePixels).toBeGreaterThan(100);
  expect(picture.url).toBe('data:image/png;base64,');
});
