/**
 * `<regime-signals>` in every engine, against the real reference server: rows from the keys'
 * histories, then a live row on top when a label changes.
 */
import type { EnginePage } from '../../scripts/engines/index.js';
import { expect, test } from './fixtures.js';

test.use({ tickMs: 3_600_000 });

/** The list's rows as `symbol timeframe from>to @time`, newest first. */
function rows(tab: EnginePage): Promise<string[]> {
  return tab.evaluate(() =>
    [...(document.querySelector('regime-signals')?.shadowRoot?.querySelectorAll('[part=signal]') ?? [])].map(
      (row) => {
        const { symbol, timeframe, from, to } = (row as HTMLElement).dataset;
        return `${symbol} ${timeframe} ${from}>${to} @${row.querySelector('time')?.getAttribute('datetime')}`;
      },
    ),
  );
}

test('lists the changes of the histories, then a live change on top', async ({ tab, embed, server }) => {
  await embed(
    '<regime-signals symbols="BTCUSDT ETHUSDT" timeframes="1h" limit="5" api-url="{{server}}/api" ws-url="{{server}}"></regime-signals>',
  );
  await tab.waitFor(() => document.querySelector('regime-signals')?.mode === 'live', undefined, {
    what: 'the list live',
  });
  await expect.poll(async () => (await rows(tab)).length).toBe(5);
  const badge = await tab.evaluate(
    () => document.querySelector('regime-signals')?.shadowRoot?.querySelector('[part=badge]')?.textContent,
  );
  expect(badge?.trim()).toMatch(/^● Live/);
  await tab.evaluate(() => {
    const w = window as unknown as { signals: string[] };
    w.signals = [];
    document.addEventListener('regime-signal', (event) => {
      const { symbol, timeframe, from, to, timestamp } = (event as CustomEvent).detail;
      w.signals.push(`${symbol} ${timeframe} ${from}>${to} @${new Date(timestamp).toISOString()}`);
    });
  });
  const signals = () => tab.evaluate(() => (window as unknown as { signals: string[] }).signals);
  for (let candle = 0; candle < 200 && (await signals()).length === 0; candle++) await server.tick();
  await expect.poll(async () => (await signals()).length).toBeGreaterThan(0);
  const [first] = await signals();
  await expect.poll(async () => (await rows(tab))[0]).toBe(first);
  expect(await rows(tab)).toHaveLength(5);
});
