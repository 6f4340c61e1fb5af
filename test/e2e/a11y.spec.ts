/**
 * Accessibility in Chromium against the built bundle: the badge is a status whose tooltip opens by
 * keyboard and closes with Escape, alerts are announced and dismissable by keyboard, motion stops
 * when the reader asks, text meets WCAG AA contrast in both themes as rendered, and axe-core finds
 * nothing on a page of widgets nor on the demo page, in light and in dark.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { textContrasts } from './contrast.js';
import { canvasStats } from './pixels.js';
import { expect, test, widget, type ScriptedFeed } from './scripted-feed.js';

const tooltip = 'regime-widget >> [part=tooltip]';

function live(feed: ScriptedFeed, attrs: Record<string, string | true> = {}): string {
  return widget({
    symbol: 'BTCUSDT',
    timeframe: '1h',
    'api-url': `${feed.url}/api`,
    'ws-url': feed.url,
    ...attrs,
  });
}

/** The element that has focus, inside shadow roots. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return '';
    const part = active.getAttribute('part');
    return `${active.localName}${active.id ? `#${active.id}` : ''}${part ? `[part=${part}]` : ''}`;
  });
}

/**
 * Every violation axe-core finds, as `rule: target` lines (empty when there is none). Motion is
 * reduced first: a toast caught fading in would be measured at part of its opacity.
 */
async function axe(page: Page): Promise<string[]> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} ${n.failureSummary ?? ''}`),
  );
}

test('the badge is a status whose tooltip opens by keyboard and closes with Escape', async ({
  page,
  embed,
  feed,
}) => {
  await embed(`<button id="before">before</button>${live(feed)}<button id="after">after</button>`);
  const badge = page.locator('regime-widget >> [part=badge]');
  await expect(badge).toHaveAttribute('data-mode', 'live');
  await expect(badge).toHaveAttribute('role', 'status');
  await expect(page.locator(tooltip)).toBeHidden();

  await page.locator('#before').focus();
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('button');
  await expect(page.locator(tooltip)).toBeVisible();
  await expect(page.locator(tooltip)).toHaveText('Live: updates arrive over WebSocket as they happen.');
  await expect(page.locator(tooltip)).toHaveAttribute('role', 'tooltip');
  const describedBy = await page
    .locator('regime-widget >> [part=badge] button')
    .getAttribute('aria-describedby');
  expect(describedBy).toBe(await page.locator(tooltip).getAttribute('id'));

  await page.keyboard.press('Escape');
  await expect(page.locator(tooltip)).toBeHidden();
  expect(await focused(page)).toBe('button');

  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(page.locator(tooltip)).toBeVisible();
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('button#after');
  await expect(page.locator(tooltip)).toBeHidden();
});

test('after Escape, Enter or a click opens the tooltip again, and aria-expanded says so (WCAG 1.4.13)', async ({
  page,
  embed,
  feed,
}) => {
  await embed(live(feed));
  const button = page.locator('regime-widget >> [part=badge] button');
  await expect(page.locator('regime-widget >> [part=badge]')).toHaveAttribute('data-mode', 'live');
  await button.focus();
  await expect(page.locator(tooltip)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator(tooltip)).toBeHidden();

  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator(tooltip)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator(tooltip)).toBeHidden();

  await page.keyboard.press('Escape');
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator(tooltip)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator(tooltip)).toBeHidden();
});

test('a tooltip opened by hover closes with Escape while focus is elsewhere, and opens on the next hover', async ({
  page,
  embed,
  feed,
}) => {
  await embed(`<button id="elsewhere">elsewhere</button>${live(feed)}`);
  await expect(page.locator('regime-widget >> [part=badge]')).toHaveAttribute('data-mode', 'live');
  await page.locator('#elsewhere').focus();
  await page.locator('regime-widget >> [part=badge] button').hover();
  await expect(page.locator(tooltip)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator(tooltip)).toBeHidden();
  expect(await focused(page)).toBe('button#elsewhere');

  await page.mouse.move(0, 0);
  await page.locator('regime-widget >> [part=badge] button').hover();
  await expect(page.locator(tooltip)).toBeVisible();
  // Escape pressed with nothing open does nothing to it.
  await page.mouse.move(0, 0);
  await expect(page.locator(tooltip)).toBeHidden();
  await page.keyboard.press('Escape');
  await page.locator('regime-widget >> [part=badge] button').hover();
  await expect(page.locator(tooltip)).toBeVisible();
});

test('alerts are announced, and their close button is reached and used by keyboard', async ({
  page,
  embed,
  feed,
}) => {
  await embed(live(feed));
  await expect(page.locator('regime-widget >> [part=badge]')).toHaveAttribute('data-mode', 'live');
  feed.alert({ symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up' });
  const toast = page.locator('regime-widget >> [part=toast]');
  await expect(toast).toHaveAttribute('role', 'alert');
  await expect(toast).toContainText('Regime changed: Range to Trend up');
  const close = page.locator('regime-widget >> [part=toast-close]');
  await expect(close).toHaveAccessibleName('Dismiss');

  await page.locator('regime-widget >> [part=badge] button').focus();
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('button[part=toast-close]');
  await page.keyboard.press('Enter');
  await expect(toast).toHaveCount(0);
});

test('animations and transitions stop under prefers-reduced-motion', async ({ page, embed, feed }) => {
  await embed(live(feed));
  await expect(page.locator('regime-widget >> [part=badge]')).toHaveAttribute('data-mode', 'live');
  feed.alert({ symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up' });
  const toast = page.locator('regime-widget >> [part=toast]');
  await expect(toast).toBeVisible();
  const motion = async () => ({
    toast: await toast.evaluate((el) => getComputedStyle(el).animationName),
    tooltip: await page.locator(tooltip).evaluate((el) => getComputedStyle(el).transitionDuration),
  });

  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await motion()).toEqual({ toast: 'toast-in', tooltip: '0.15s' });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await motion()).toEqual({ toast: 'none', tooltip: '0s' });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`text meets WCAG AA contrast as rendered, ${colorScheme} system setting`, async ({
    page,
    embed,
    feed,
  }) => {
    await page.emulateMedia({ colorScheme });
    feed.set('ETHUSDT', { regime: 'trend_down' });
    feed.set('SOLUSDT', { regime: 'range' });
    feed.set('XRPUSDT', { regime: 'volatile' });
    await embed(
      live(feed) +
        ['ETHUSDT', 'SOLUSDT', 'XRPUSDT'].map((symbol) => live(feed, { symbol, theme: 'light' })).join('') +
        ['ETHUSDT', 'SOLUSDT', 'XRPUSDT'].map((symbol) => live(feed, { symbol, theme: 'dark' })).join(''),
    );
    await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveCount(7);
    const ratios = await textContrasts(page);
    expect(ratios.length).toBeGreaterThan(40);
    expect(ratios.filter((r) => r.ratio < 4.5)).toEqual([]);
  });

  test(`axe-core finds no violation on a page of widgets, ${colorScheme} system setting`, async ({
    page,
    embed,
    feed,
  }) => {
    await page.emulateMedia({ colorScheme });
    feed.set('ETHUSDT', { regime: 'squeeze' });
    await embed(
      `<main><h1>Widgets</h1>${live(feed)}${live(feed, { symbol: 'ETHUSDT', theme: 'light' })}` +
        `${live(feed, { symbol: 'SOLUSDT', theme: 'dark', locale: 'ru' })}` +
        `${widget({ symbol: 'XRPUSDT', timeframe: '1h', 'api-url': `${feed.url}/api`, transparent: true })}</main>`,
      // A page that follows the system setting too, as a transparent widget with theme="auto" expects.
      {
        head:
          '<meta name="color-scheme" content="light dark">' +
          '<style>html { background: Canvas; color: CanvasText; }</style>',
      },
    );
    await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveCount(4);
    await expect(page.locator('regime-widget >> [part=badge][data-mode=live]')).toHaveCount(3);
    feed.alert({ symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up', severity: 'critical' });
    await expect(page.locator('regime-widget >> [part=toast]')).toBeVisible();
    // A tooltip open, as a keyboard user sees it.
    await page.locator('regime-widget >> [part=badge] button').first().focus();
    await expect(page.locator(tooltip).first()).toBeVisible();
    expect(await axe(page)).toEqual([]);
  });

  test(`axe-core finds no violation on the demo page, ${colorScheme} system setting`, async ({
    page,
    server,
  }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${server.url}/`);
    await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveCount(5);
    await expect(page.locator('regime-widget >> [part=badge][data-mode=live]')).toHaveCount(4);
    expect(await axe(page)).toEqual([]);
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`under forced colors (${colorScheme}), modes, labels, stale data, toasts and focus stay apart`, async ({
    page,
    embed,
    feed,
  }) => {
    await page.emulateMedia({ forcedColors: 'active', colorScheme });
    feed.set('ETHUSDT', { regime: 'trend_down' });
    await embed(
      `<main><h1>Widgets</h1>${live(feed, { id: 'live' })}` +
        widget({ id: 'polling', symbol: 'ETHUSDT', timeframe: '1h', 'api-url': `${feed.url}/api` }) +
        widget({
          id: 'offline',
          symbol: 'SOLUSDT',
          timeframe: '1h',
          'api-url': `${feed.url}/api`,
          'poll-interval': '1000',
        }) +
        '</main>',
    );
    await expect(page.locator('#offline >> [data-value=adx]')).toBeVisible();
    // REST goes away under the API-only widget: offline, its data kept and marked stale.
    await page.route('**/api/regime?symbol=SOLUSDT*', (route) => route.abort());
    await expect(page.locator('#offline >> [part=badge]')).toHaveAttribute('data-mode', 'offline');
    await expect(page.locator('#live >> [part=badge]')).toHaveAttribute('data-mode', 'live');
    await expect(page.locator('#polling >> [part=badge]')).toHaveAttribute('data-mode', 'polling');
    await expect(page.locator('#offline >> [part=time]')).toContainText('stale');
    for (const severity of ['info', 'warning', 'critical'] as const) {
      feed.alert({ symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up', severity });
    }
    await expect(page.locator('#live >> [part=toast]')).toHaveCount(3);

    const look = await page.evaluate(() => {
      const root = (id: string) => document.getElementById(id)!.shadowRoot!;
      const style = (el: Element) => getComputedStyle(el);
      const canvasBg = style(root('live').querySelector('[part=card]')!).backgroundColor;
      const canvasText = style(root('live').querySelector('[part=card]')!).color;
      return {
        canvasBg,
        canvasText,
        badges: ['live', 'polling', 'offline'].map(
          (id) => root(id).querySelector('[part=badge]')!.textContent,
        ),
        labels: ['live', 'polling'].map((id) => root(id).querySelector('[part=label]')!.textContent),
        toasts: [...root('live').querySelectorAll('[part=toast]')].map((toast) => {
          const s = style(toast);
          return {
            edge: `${s.borderLeftStyle} ${s.borderLeftWidth}`,
            framed: s.borderTopStyle !== 'none' && s.borderTopColor !== s.backgroundColor,
          };
        }),
        tooltipFramed: style(root('live').querySelector('[part=tooltip]')!).borderTopStyle !== 'none',
        sparkline: style(root('live').querySelector('[part=sparkline]')!).color,
      };
    });
    expect(look.canvasText).not.toBe(look.canvasBg);
    expect(new Set(look.badges.map((text) => text!.trim())).size).toBe(3);
    expect(look.labels).toEqual(['Trend up', 'Trend down']);
    expect(new Set(look.toasts.map((t) => t.edge)).size).toBe(3);
    expect(look.toasts.every((t) => t.framed)).toBe(true);
    expect(look.tooltipFramed).toBe(true);
    // The chart, a canvas that forced colours do not reach, is drawn in the system's text colour.
    expect(look.sparkline).toBe(look.canvasText);
    const rgb = look.canvasText.match(/\d+/g)!.slice(0, 3).map(Number) as [number, number, number];
    await expect
      .poll(async () => (await canvasStats(page.locator('#live >> canvas'), [rgb])).near[0])
      .toBeGreaterThan(20);

    // The focus ring: drawn (2px, apart from the badge's border by its offset) in a colour that is not the background.
    const ring = () =>
      page.locator('#polling >> [part=badge] button').evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineOffset} ${s.outlineColor}`;
      });
    expect(await ring()).toMatch(/^none /);
    await page.locator('#polling >> [part=badge] button').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await ring()).toMatch(/^solid 2px 2px /);
    expect(await ring()).not.toContain(look.canvasBg);
    expect(await axe(page)).toEqual([]);
  });
}
