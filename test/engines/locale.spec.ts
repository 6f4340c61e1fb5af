/**
 * Any `navigator.language`, in every engine: tags that are not BCP 47 (`C`, `C.UTF-8`, empty) made
 * `Intl` throw while the script loaded, and `<regime-widget>` was never defined. WebKit runs this
 * whole suite under `LANG=C.UTF-8` (Debian's default), where it reports `C` on its own.
 */
import { attribute, expect, shown, sparklineInk, test, widget } from './fixtures.js';

const LIVE = { symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' };

/** Defined, live, its data in English and its sparkline drawn. */
async function rendersInEnglish(tab: Parameters<typeof shown>[0]): Promise<void> {
  expect(await tab.evaluate(() => customElements.get('regime-widget') !== undefined)).toBe(true);
  await expect.poll(() => attribute(tab, '[part=badge]', 'data-mode')).toBe('live');
  expect(await shown(tab, '[part=badge]')).toMatch(/^● Live/);
  expect(await shown(tab, '[part=label]')).toMatch(/^(Trend up|Trend down|Range|Volatile)$/);
  expect(await shown(tab, '[data-value=adx]')).toMatch(/^\d{1,3}\.\d$/);
  expect(await shown(tab, '[data-value=atr]')).toMatch(/^\d+\.\d\d%$/);
  await expect.poll(async () => (await sparklineInk(tab)).inked).toBeGreaterThan(20);
}

for (const language of ['C', 'C.UTF-8', '']) {
  test(`defines and renders itself when navigator.language is ${JSON.stringify(language)}`, async ({
    tab,
    embed,
  }) => {
    await embed(widget(LIVE), { language });
    expect(await tab.evaluate(() => navigator.language)).toBe(language);
    await rendersInEnglish(tab);
  });
}

test("renders in the browser's own language", async ({ tab, embed, engineName }) => {
  await embed(widget(LIVE));
  expect(await tab.evaluate(() => navigator.language)).toBe(engineName === 'webkit' ? 'C' : 'en-US');
  await rendersInEnglish(tab);
});
