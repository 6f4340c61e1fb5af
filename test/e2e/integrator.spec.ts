/**
 * What an integrator meets, in Chromium against the built bundle: the widget's words, numbers and
 * times in the page's language (or the `locale` attribute's, or the browser's) through Intl; the PNG
 * export; the element's runtime API as custom-elements.json documents it; and every feature at once
 * under a strict Content-Security-Policy.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { ElementDeclaration, Manifest } from '../../scripts/manifest.js';
import { expect, test, widget, type ScriptedFeed } from './scripted-feed.js';
import { cspViolations } from './fixtures.js';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
const element = manifest.modules[0]!.declarations[0] as ElementDeclaration;

function fed(feed: ScriptedFeed, attrs: Record<string, string | true>, live = false): string {
  return widget({
    symbol: 'BTCUSDT',
    timeframe: '1h',
    'api-url': `${feed.url}/api`,
    ...(live && { 'ws-url': feed.url }),
    ...attrs,
  });
}

const part = (id: string, name: string) => `#${id} >> [part=${name}]`;

/** What Intl says in `locale` for the widget's numbers and its last update's time. */
function intl(page: Page, id: string, locale: string) {
  return page.locator(`#${id}`).evaluate((el, locale) => {
    const regime = (el as HTMLElementTagNameMap['regime-widget']).regime!;
    const time = new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    }).format(new Date(regime.timestamp));
    return {
      adx: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
        regime.adx,
      ),
      atr: new Intl.NumberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(regime.atrPct),
      time,
    };
  }, locale);
}

test.describe('locales', () => {
  test('lang="ru" on the page gives Russian words, and numbers and times through Intl', async ({
    page,
    embed,
    feed,
  }) => {
    await embed(
      fed(feed, { id: 'api', 'poll-interval': '2500' }) + fed(feed, { id: 'live', symbol: 'ETHUSDT' }, true),
      {
        lang: 'ru',
      },
    );
    await expect(page.locator(part('api', 'label'))).toHaveText('Тренд вверх');
    const expected = await intl(page, 'api', 'ru');
    expect(expected).toMatchObject({ adx: '18,5', atr: '1,56\u00a0%' });
    await expect(page.locator('#api >> [data-value=adx]')).toHaveText(expected.adx);
    await expect(page.locator('#api >> [data-value=atr]')).toHaveText(expected.atr);
    await expect(page.locator(part('api', 'time'))).toHaveText(`Обновлено ${expected.time}`);
    await expect(page.locator(part('api', 'badge'))).toHaveText(/^○ API/);
    await expect(page.locator(part('api', 'tooltip'))).toHaveText(
      'WebSocket не задан, обновление через REST каждые 2,5 с.',
    );
    await expect(page.locator(part('api', 'sparkline'))).toHaveAttribute('aria-label', 'История ADX');

    await expect(page.locator(part('live', 'badge'))).toHaveText(/^● Онлайн/);
    await expect(page.locator(part('live', 'tooltip'))).toHaveText(
      'Онлайн: обновления приходят по WebSocket сразу.',
    );
    feed.alert({ symbol: 'ETHUSDT', timeframe: '1h', from: 'range', to: 'volatile' });
    await expect(page.locator(part('live', 'toast'))).toContainText('Режим сменился: Флэт → Волатильность');
    await expect(page.locator(part('live', 'toast-close'))).toHaveAccessibleName('Закрыть');
  });

  test('the locale attribute overrides the page, and the nearest lang counts', async ({
    page,
    embed,
    feed,
  }) => {
    await embed(
      fed(feed, { id: 'en', locale: 'en' }) +
        fed(feed, { id: 'other', locale: 'de' }) +
        `<div lang="en-GB">${fed(feed, { id: 'nested' })}</div>` +
        fed(feed, { id: 'page' }),
      { lang: 'ru-RU' },
    );
    await expect(page.locator(part('page', 'label'))).toHaveText('Тренд вверх');
    await expect(page.locator(part('en', 'label'))).toHaveText('Trend up');
    await expect(page.locator('#en >> [data-value=adx]')).toHaveText('18.5');
    await expect(page.locator(part('en', 'time'))).toHaveText(
      `Updated ${(await intl(page, 'en', 'en')).time}`,
    );
    // A language the widget does not speak falls back to English.
    await expect(page.locator(part('other', 'label'))).toHaveText('Trend up');
    await expect(page.locator(part('nested', 'label'))).toHaveText('Trend up');

    // At run time, both ways.
    await page.locator('#en').evaluate((el) => el.setAttribute('locale', 'ru'));
    await expect(page.locator(part('en', 'label'))).toHaveText('Тренд вверх');
    await expect(page.locator('#en >> [data-value=adx]')).toHaveText('18,5');
    await page
      .locator('#page')
      .evaluate((el) => ((el as HTMLElementTagNameMap['regime-widget']).locale = 'en'));
    await expect(page.locator(part('page', 'label'))).toHaveText('Trend up');
  });

  test.describe('without a lang on the page', () => {
    test.use({ locale: 'ru-RU' });

    test("follows the browser's language", async ({ page, embed, feed }) => {
      await embed(fed(feed, { id: 'w' }), { lang: '' });
      expect(await page.evaluate(() => navigator.language)).toBe('ru-RU');
      await expect(page.locator(part('w', 'label'))).toHaveText('Тренд вверх');
      await expect(page.locator('#w >> [data-value=adx]')).toHaveText('18,5');
    });
  });
});

test.describe('PNG export', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`toPNG() draws the widget as shown, ${theme}`, async ({ page, embed, feed }) => {
      feed.set('BTCUSDT', { regime: 'trend_down', adx: 31.25, atrPct: 0.0213 });
      await embed(fed(feed, { id: 'w', theme }), { head: '<style>regime-widget { width: 320px; }</style>' });
      await expect(page.locator(part('w', 'label'))).toHaveText('Trend down');
      await expect
        .poll(() =>
          page.locator('#w >> canvas').evaluate((c) => {
            const canvas = c as HTMLCanvasElement;
            const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            return data.filter((_, i) => i % 4 === 3 && data[i]! > 0).length;
          }),
        )
        .toBeGreaterThan(20);

      const picture = await page.locator('#w').evaluate(async (el) => {
        const widget = el as HTMLElementTagNameMap['regime-widget'];
        // At the screen's pixel ratio (1 here) for the colours; twice that for the size.
        const blob = await widget.toPNG();
        const large = await widget.toPNG({ scale: 2 });
        const bytes = new Uint8Array(await large.arrayBuffer());
        const header = new DataView(bytes.buffer);
        const bitmap = await createImageBitmap(blob);
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
        const style = (name: string) =>
          getComputedStyle(el.shadowRoot!.querySelector(`[part=${name}]`)!)
            .color.match(/\d+/g)!
            .map(Number);
        const distance = (colour: number[], i: number) =>
          Math.max(...colour.map((v, c) => Math.abs(v - data[i + c]!)));
        const label = style('label');
        const line = style('sparkline');
        const background = getComputedStyle(el.shadowRoot!.querySelector('[part=card]')!)
          .backgroundColor.match(/\d+/g)!
          .map(Number);
        const cardBox = el.shadowRoot!.querySelector('[part=card]')!.getBoundingClientRect();
        const chartBox = el.shadowRoot!.querySelector('[part=sparkline]')!.getBoundingClientRect();
        const chart = {
          left: chartBox.left - cardBox.left,
          right: chartBox.right - cardBox.left,
          top: chartBox.top - cardBox.top,
          bottom: chartBox.bottom - cardBox.top,
        };
        let labelPixels = 0;
        let linePixels = 0;
        let lightness = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (distance(label, i) <= 24) labelPixels++;
          // The line is thin and anti-aliased: count the pixels of the chart's box more line than background.
          const x = (i / 4) % bitmap.width;
          const y = Math.floor(i / 4 / bitmap.width);
          const inChart = x >= chart.left && x < chart.right && y >= chart.top && y < chart.bottom;
          if (inChart && distance(line, i) < distance(background, i)) linePixels++;
          lightness += 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
        }
        const card = el.shadowRoot!.querySelector('[part=card]')!.getBoundingClientRect();
        const url = widget.toDataURL();
        const small = await createImageBitmap(await (await fetch(url)).blob());
        const largeBitmap = await createImageBitmap(large);
        return {
          type: large.type,
          signature: [...bytes.slice(0, 8)],
          ihdr: [header.getUint32(16), header.getUint32(20)],
          size: [bitmap.width, bitmap.height],
          largeSize: [largeBitmap.width, largeBitmap.height],
          card: [Math.round(card.width), Math.round(card.height)],
          labelPixels,
          linePixels,
          lightness: lightness / (data.length / 4),
          url: url.slice(0, 22),
          small: [small.width, small.height],
        };
      });
      expect(picture.type).toBe('image/png');
      expect(picture.signature).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(picture.card[0]).toBe(320);
      expect(picture.size).toEqual(picture.card);
      expect(picture.largeSize).toEqual(picture.card.map((v) => v * 2));
      expect(picture.ihdr).toEqual(picture.largeSize);
      // The label in its colour, and the sparkline in its own.
      expect(picture.labelPixels).toBeGreaterThan(40);
      expect(picture.linePixels).toBeGreaterThan(100);
      if (theme === 'light') expect(picture.lightness).toBeGreaterThan(200);
      else expect(picture.lightness).toBeLessThan(70);
      expect(picture.url).toBe('data:image/png;base64,');
      expect(picture.small).toEqual(picture.card);
    });
  }
});

test.describe('PNG export of a widget never drawn on screen', () => {
  for (const method of ['toPNG', 'toDataURL'] as const) {
    test(`${method}() draws the sparkline first`, async ({ page, embed, feed }) => {
      // Far below the fold: the widget gets its data but has never been on screen, so never drew its
      // chart (whether the chart was made at all depends on whether its turn in the mount queue came
      // before the visibility observer's first answer).
      await embed(`<div style="height: 4000px"></div>${fed(feed, { id: 'w' })}`, {
        head: '<style>regime-widget { width: 320px; }</style>',
      });
      await expect(page.locator(part('w', 'label'))).toHaveText('Trend up');
      // Polled: the history that gives the line may answer after the current regime.
      const inked = () =>
        page.locator('#w').evaluate(async (el, method) => {
          const widget = el as HTMLElementTagNameMap['regime-widget'];
          const blob =
            method === 'toPNG' ? await widget.toPNG() : await (await fetch(widget.toDataURL())).blob();
          const bitmap = await createImageBitmap(blob);
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const ctx = canvas.getContext('2d')!;
          ctx.drawImage(bitmap, 0, 0);
          const cardBox = el.shadowRoot!.querySelector('[part=card]')!.getBoundingClientRect();
          const chart = el.shadowRoot!.querySelector('[part=sparkline]')!.getBoundingClientRect();
          const data = ctx.getImageData(
            chart.left - cardBox.left,
            chart.top - cardBox.top,
            chart.width,
            chart.height,
          ).data;
          const [r, g, b] = getComputedStyle(el.shadowRoot!.querySelector('[part=sparkline]')!)
            .color.match(/\d+/g)!
            .map(Number) as [number, number, number];
          let near = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 120)
              near++;
          }
          return near;
        }, method);
      await expect.poll(inked).toBeGreaterThan(60);
    });
  }
});

test('the host matches :state() of its mode and of stale data, for the page to style', async ({
  page,
  embed,
  server,
}) => {
  // REST slow and the socket refused: connecting until REST answers, then polling.
  server.faults.set({ socket: 'refuse', rest: 'slow', slowMs: 2500 });
  await embed(
    widget({
      id: 'w',
      symbol: 'BTCUSDT',
      timeframe: '1h',
      'api-url': '{{server}}/api',
      'ws-url': '{{server}}',
    }),
    { head: '<style>regime-widget:state(offline) { outline: 3px solid rgb(200, 0, 0); }</style>' },
  );
  const states = () =>
    page
      .locator('#w')
      .evaluate((el) =>
        ['connecting', 'live', 'polling', 'offline', 'stale'].filter((state) =>
          el.matches(`:state(${state})`),
        ),
      );
  const mode = () => page.locator('#w').evaluate((el) => (el as HTMLElementTagNameMap['regime-widget']).mode);
  expect(await mode()).toBe('connecting');
  expect(await states()).toEqual(['connecting']);
  await expect.poll(states).toEqual(['polling']);
  server.faults.reset();
  await expect.poll(states, { timeout: 10_000 }).toEqual(['live']);
  server.faults.set({ socket: 'refuse', rest: 'error' });
  await expect.poll(states).toEqual(['offline', 'stale']);
  expect(await mode()).toBe('offline');
  expect(await page.locator('#w').evaluate((el) => getComputedStyle(el).outlineColor)).toBe('rgb(200, 0, 0)');
});

test('the element in the bundle has the API custom-elements.json documents', async ({
  page,
  embed,
  feed,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as {
      __events: { type: string; bubbles: boolean; composed: boolean; keys: string[] }[];
    };
    w.__events = [];
    for (const type of ['regime-update', 'regime-alert', 'regime-connection']) {
      document.addEventListener(type, (e) =>
        w.__events.push({
          type,
          bubbles: e.bubbles,
          composed: e.composed,
          keys: Object.keys((e as CustomEvent).detail),
        }),
      );
    }
  });
  await embed(`<div id="outer">${fed(feed, { id: 'w' }, true)}</div>`);
  await expect(page.locator(part('w', 'badge'))).toHaveAttribute('data-mode', 'live');
  feed.alert({ symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up' });
  await expect(page.locator(part('w', 'toast'))).toHaveCount(1);

  const api = await page.locator('#w').evaluate((el) => {
    const Widget = customElements.get('regime-widget') as CustomElementConstructor & {
      observedAttributes: string[];
    };
    const members = ['mode', 'regime', 'diagnostics', 'toPNG', 'toDataURL'].map((name) => [
      name,
      typeof Reflect.get(el, name),
    ]);
    return {
      observed: [...Widget.observedAttributes].sort(),
      members: Object.fromEntries(members),
      readOnly: ['mode', 'regime', 'diagnostics'].map((name) => Reflect.set(el, name, 'x')),
      mode: (el as HTMLElementTagNameMap['regime-widget']).mode,
    };
  });
  expect(api.observed).toEqual(element.attributes.map((a) => a.name).sort());
  for (const member of element.members.filter((m) => m.kind === 'method')) {
    expect(api.members[member.name], member.name).toBe('function');
  }
  expect(api.members).toMatchObject({ mode: 'string', regime: 'object', diagnostics: 'object' });
  expect(api.readOnly).toEqual([false, false, false]);
  expect(api.mode).toBe('live');
  // A bare element reads the documented defaults.
  const defaults = element.attributes.filter((a) => a.default !== undefined);
  expect(defaults.length).toBeGreaterThan(5);
  const bare = await page.evaluate(
    (names) => {
      const el = document.createElement('regime-widget') as unknown as Record<string, unknown>;
      return names.map((name) => el[name]);
    },
    defaults.map((a) => a.fieldName),
  );
  expect(bare).toEqual(defaults.map((a) => JSON.parse(a.default!.replace(/^'(.*)'$/, '"$1"'))));

  const events = await page.evaluate(
    () =>
      (
        window as unknown as {
          __events: { type: string; bubbles: boolean; composed: boolean; keys: string[] }[];
        }
      ).__events,
  );
  expect(new Set(events.map((e) => e.type))).toEqual(new Set(element.events.map((e) => e.name)));
  for (const event of events) expect(event, event.type).toMatchObject({ bubbles: true, composed: true });
  expect(events.find((e) => e.type === 'regime-update')!.keys).toEqual(
    expect.arrayContaining(['symbol', 'timeframe', 'regime', 'adx', 'atrPct', 'timestamp']),
  );
});

test('every feature at once under a strict CSP: no violation, no style attribute from markup', async ({
  page,
  embed,
  server,
  feed,
}) => {
  const violations = await cspViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });
  const ws = feed.url.replace('http', 'ws');
  await embed(
    fed(feed, { id: 'auto' }, true) +
      fed(feed, { id: 'dark', theme: 'dark', locale: 'ru', transparent: true }, true) +
      fed(feed, { id: 'broken', timeframe: '' }),
    {
      csp: `default-src 'none'; script-src ${server.url}; connect-src ${feed.url} ${ws}; style-src 'none'; img-src data:`,
    },
  );
  await expect(page.locator('regime-widget >> [part=badge][data-mode=live]')).toHaveCount(2);
  await expect(page.locator(part('broken', 'problem'))).toBeVisible();
  feed.alert({ symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up' });
  await expect(page.locator('regime-widget >> [part=toast]')).toHaveCount(2);
  await page.locator('#auto >> [part=badge] button').focus();
  await expect(page.locator(part('auto', 'tooltip'))).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect
    .poll(() => page.locator(part('auto', 'card')).evaluate((el) => getComputedStyle(el).backgroundColor))
    .toBe('rgb(22, 26, 33)');
  const png = await page
    .locator('#dark')
    .evaluate(async (el) => (await (el as HTMLElementTagNameMap['regime-widget']).toPNG()).size);
  expect(png).toBeGreaterThan(1000);

  // Inline styles are uPlot's, set through the CSSOM (which a CSP allows); the widget's markup sets none.
  const styled = await page.evaluate(() =>
    [...document.querySelectorAll('regime-widget')]
      .flatMap((host) => [...host.shadowRoot!.querySelectorAll('[style]')])
      .filter((el) => !el.closest('.uplot'))
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(styled).toEqual([]);
  expect(await violations()).toEqual([]);
});
