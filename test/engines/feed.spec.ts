/**
 * The widget's modes in every engine, against the real reference server: live, API only, down to
 * `○ API` and back when the socket goes and returns, an alert as a toast, and twenty widgets on one
 * connection.
 */
import { BURST_KEYS } from '../../server/src/burst.js';
import { attribute, expect, health, shown, sparklineInk, test, widget } from './fixtures.js';

const LIVE = { symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' };

test('goes live over Socket.IO and shows the regime and its sparkline', async ({ tab, embed }) => {
  await embed(widget(LIVE));
  await expect.poll(() => attribute(tab, '[part=badge]', 'data-mode')).toBe('live');
  expect(await shown(tab, '[part=badge]')).toMatch(/^● Live/);
  expect(await shown(tab, '[part=label]')).toMatch(/^(Trend up|Trend down|Range|Volatile)$/);
  expect(await shown(tab, '[data-value=adx]')).toMatch(/^\d{1,3}\.\d$/);
  expect(await shown(tab, '[data-value=atr]')).toMatch(/^\d+\.\d\d%$/);
  expect(await tab.evaluate(() => document.querySelector('regime-widget')!.mode)).toBe('live');
  await expect.poll(async () => (await sparklineInk(tab)).inked).toBeGreaterThan(20);
});

test('shows API mode with data when no socket is configured', async ({ tab, embed }) => {
  await embed(widget({ symbol: 'ETHUSDT', timeframe: '15m', 'api-url': '{{server}}/api' }));
  await expect.poll(() => shown(tab, '[data-value=adx]')).toMatch(/^\d{1,3}\.\d$/);
  expect(await attribute(tab, '[part=badge]', 'data-mode')).toBe('polling');
  expect(await shown(tab, '[part=badge]')).toMatch(/^○ API/);
});

test('falls back to ○ API with its data when the socket goes, and is live again when it returns', async ({
  tab,
  embed,
  server,
  probe,
}) => {
  await embed(widget({ ...LIVE, 'poll-interval': '1000' }));
  await expect.poll(() => attribute(tab, '[part=badge]', 'data-mode')).toBe('live');

  server.faults.set({ socket: 'refuse' });
  await expect.poll(() => attribute(tab, '[part=badge]', 'data-mode')).toBe('polling');
  expect(await shown(tab, '[part=badge]')).toMatch(/^○ API/);
  expect(await shown(tab, '[data-value=adx]')).toMatch(/^\d{1,3}\.\d$/);
  // Still updating, over REST now: the demo clock ticks every second.
  const time = () => attribute(tab, '[part=time] time', 'datetime');
  const before = await time();
  await expect.poll(time).not.toBe(before);
  expect((await probe()).warnings.filter((w) => w.includes('Socket.IO'))).toHaveLength(1);

  server.faults.reset();
  await expect.poll(() => attribute(tab, '[part=badge]', 'data-mode'), { timeout: 20_000 }).toBe('live');
  expect(await shown(tab, '[part=badge]')).toMatch(/^● Live/);
});

test.describe('with the demo clock standing still', () => {
  test.use({ tickMs: 3_600_000 });

  test('shows an alert as a toast when the regime changes', async ({ tab, embed, server }) => {
    await embed(widget(LIVE));
    await expect.poll(() => attribute(tab, '[part=badge]', 'data-mode')).toBe('live');
    await tab.evaluate(() => {
      const w = window as unknown as { alerts: { message?: string }[] };
      w.alerts = [];
      document.addEventListener('regime-alert', (event) => w.alerts.push((event as CustomEvent).detail));
    });
    const alerts = () => tab.evaluate(() => (window as unknown as { alerts: { message?: string }[] }).alerts);
    const stamp = () =>
      tab.evaluate(() => Number(document.querySelector('regime-widget')!.regime?.timestamp ?? 0));
    // The market moves one candle per tick, and its label changes within a few dozen (seed 7).
    for (let tick = 1; tick <= 200 && (await alerts()).length === 0; tick++) {
      const last = await stamp();
      server.tick();
      await expect.poll(stamp).toBeGreaterThan(last);
    }
    const [alert] = await alerts();
    expect(alert?.message).toMatch(/^BTCUSDT 1h: .+ → .+$/);
    await expect.poll(() => shown(tab, '[part=toast] p')).toBe(alert!.message);
    expect(await attribute(tab, '[part=toast]', 'role')).toBe('alert');
  });
});

test('twenty widgets on twenty keys share one Socket.IO connection', async ({ tab, embed, server }) => {
  const keys = BURST_KEYS.slice(0, 20);
  await embed(
    keys.map((key) => widget({ ...key, 'api-url': '{{server}}/api', 'ws-url': '{{server}}' })).join(''),
    { head: '<style>body { display: grid; grid-template-columns: repeat(5, 240px); }</style>' },
  );
  await tab.waitFor(
    () => [...document.querySelectorAll('regime-widget')].every((el) => el.mode === 'live'),
    undefined,
    { what: 'every widget live' },
  );
  expect((await health(server.url)).clients).toBe(1);
  // Each widget holds its own key's data.
  const held = await tab.evaluate(() =>
    [...document.querySelectorAll('regime-widget')].map(
      (el) =>
        `${el.getAttribute('symbol')} ${el.getAttribute('timeframe')} ${el.regime?.symbol} ${el.regime?.timeframe}`,
    ),
  );
  expect(held).toEqual(keys.map((k) => `${k.symbol} ${k.timeframe} ${k.symbol} ${k.timeframe}`));
});
