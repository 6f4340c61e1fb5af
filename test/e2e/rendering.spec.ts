/**
 * When widgets render, in Chromium against the built bundle: a widget off screen renders at most every
 * five seconds however fast its updates come (its `regime` property follows every one), and at once
 * when it scrolls into view.
 */
import { expect, test, widget } from './scripted-feed.js';

declare global {
  interface Window {
    /** ADX texts each widget's DOM showed, by widget id. */
    __shown: Record<string, string[]>;
  }
}

test('a widget off screen renders at most every five seconds under load, and at once when it scrolls into view', async ({
  page,
  embed,
  feed,
}) => {
  const live = (id: string, symbol: string) =>
    widget({ id, symbol, timeframe: '1h', 'api-url': `${feed.url}/api`, 'ws-url': feed.url });
  await embed(`${live('near', 'BTCUSDT')}<div style="height: 4000px"></div>${live('far', 'ETHUSDT')}`);
  await expect(page.locator('#near >> [part=badge][data-mode=live]')).toHaveCount(1);
  await expect(page.locator('#far >> [part=badge][data-mode=live]')).toHaveCount(1);
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveCount(2);
  await page.evaluate(() => {
    window.__shown = { near: [], far: [] };
    for (const id of Object.keys(window.__shown)) {
      const value = document.getElementById(id)!.shadowRoot!.querySelector('[data-value=adx]')!;
      new MutationObserver(() => window.__shown[id]!.push(value.textContent!.trim())).observe(value, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    }
  });

  // Ten updates a second for a second, to both.
  for (let i = 0; i < 10; i++) {
    feed.set('BTCUSDT', { adx: 30 + i });
    feed.set('ETHUSDT', { adx: 30 + i });
    await page.waitForTimeout(100);
  }
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (document.getElementById('far') as HTMLElement & { regime: { adx: number } | null }).regime?.adx,
      ),
    )
    .toBe(39);
  const shown = await page.evaluate(() => window.__shown);
  // On screen, every update shows (give or take a few that came in one frame); off screen, one render
  // at most in OFF_SCREEN_MS (5 s): the first data rendered just before, so none here.
  expect(shown.near!.length).toBeGreaterThanOrEqual(7);
  expect(shown.far!.length).toBeLessThanOrEqual(1);

  // Scrolled into view, it shows the latest update within three frames.
  const scrolled = await page.evaluate(async () => {
    const far = document.getElementById('far')!;
    const text = () => far.shadowRoot!.querySelector('[data-value=adx]')!.textContent!.trim();
    const before = text();
    far.scrollIntoView();
    for (let frame = 0; frame < 3; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
    return { before, after: text() };
  });
  expect(scrolled.before).not.toBe('39.0');
  expect(scrolled.after).toBe('39.0');
});
