/**
 * Every way a backend fails (issue 4's fault table), in Chromium against the real reference
 * server: what the widget shows, what it says in the console, and that nothing is lost.
 */
import { expect, diagnostics, health, restRequests, socketWarnings, test, widget } from './fixtures.js';

const badge = 'regime-widget >> [part=badge]';

test.describe('unreachable sockets: API mode, one warning', () => {
  test('a host name that does not resolve', async ({ page, embed }) => {
    const warnings = socketWarnings(page);
    await embed(
      widget({
        symbol: 'BTCUSDT',
        timeframe: '1h',
        'api-url': '{{server}}/api',
        'ws-url': 'http://regime-widget.invalid',
      }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'polling');
    await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveText(/^\d{1,3}\.\d$/);
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toContain('regime-widget.invalid');
  });
});

test.describe('refusals', () => {
  test('no /signals namespace: the root namespace is tried once and works', async ({
    page,
    embed,
    server,
  }) => {
    server.faults.set({ noNamespace: true });
    const warnings = socketWarnings(page);
    await embed(
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
    expect((await diagnostics(page)).socket?.namespace).toBe('/');
    expect(warnings).toEqual([]);
  });

  test('an explicit namespace the server refuses: API mode, and the warning names it', async ({
    page,
    embed,
    server,
  }) => {
    server.faults.set({ noNamespace: true });
    const warnings = socketWarnings(page);
    await embed(
      widget({
        symbol: 'BTCUSDT',
        timeframe: '1h',
        'api-url': '{{server}}/api',
        'ws-url': '{{server}}',
        'ws-namespace': '/signals',
      }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'polling');
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toContain('refused namespace "/signals"');
    await expect(page.locator('regime-widget >> [part=tooltip]')).toContainText('Invalid namespace');
  });

  test('the origin refused by allowRequest: API mode, a warning with the cause to check, no retry storm', async ({
    page,
    embed,
    server,
  }) => {
    server.faults.set({ refuseOrigin: true });
    const warnings = socketWarnings(page);
    await embed(
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'polling');
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toContain('allowRequest');
    const start = (await diagnostics(page)).socket!.attempts;
    await page.waitForTimeout(6000);
    const attempts = (await diagnostics(page)).socket!.attempts - start;
    // Backoff from 1 s to a 5 s cap: at most a handful of attempts in 6 s, never a storm.
    expect(attempts).toBeLessThanOrEqual(5);
    expect(warnings).toHaveLength(1);
  });

  test('auth middleware refuses: API mode, and the warning carries its message', async ({
    page,
    embed,
    server,
  }) => {
    server.faults.set({ authRefuse: true });
    const warnings = socketWarnings(page);
    await embed(
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'polling');
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toContain('unauthorized');
  });
});

test.describe('losing the socket and getting it back', () => {
  test('REST broken while live changes nothing visible', async ({ page, embed, server }) => {
    await embed(
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
    server.faults.set({ rest: 'error' });
    const time = page.locator('regime-widget >> [part=time] time');
    const first = await time.getAttribute('datetime');
    server.tick();
    await expect(time).not.toHaveAttribute('datetime', first!);
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
    await expect(page.locator('regime-widget >> [part=time]')).not.toContainText('stale');
  });

  test('both broken: offline, the last data kept and marked stale with its age', async ({
    page,
    embed,
    server,
  }) => {
    await embed(
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
    const adx = await page.locator('regime-widget >> [data-value=adx]').textContent();
    server.faults.set({ rest: 'error', socket: 'refuse' });
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'offline');
    await expect(page.locator(badge)).toHaveText(/^× Offline/);
    await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveText(adx!);
    await expect(page.locator('regime-widget >> [part=time]')).toContainText(/stale, \d+ sec old/);
    server.faults.reset();
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live', { timeout: 10_000 });
    await expect(page.locator('regime-widget >> [part=time]')).not.toContainText('stale');
  });
});

test.describe('the page itself', () => {
  test('back online: an immediate retry, not one a poll interval later', async ({ page, embed, context }) => {
    const requests = restRequests(page);
    await embed(
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'poll-interval': '60000' }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'polling');
    const before = requests.get('/api/regime') ?? 0;
    await context.setOffline(true);
    await context.setOffline(false);
    await expect.poll(() => requests.get('/api/regime') ?? 0, { timeout: 2000 }).toBeGreaterThan(before);
  });

  test('hidden: polling pauses; shown: it refreshes at once', async ({ page, embed }) => {
    const requests = restRequests(page);
    await embed(
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'poll-interval': '1000' }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'polling');
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { value, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    // Let a request already in flight land, then count.
    await page.waitForTimeout(300);
    const hiddenAt = requests.get('/api/regime') ?? 0;
    await page.waitForTimeout(2500);
    expect(requests.get('/api/regime') ?? 0).toBe(hiddenAt);
    await setVisibility('visible');
    await expect.poll(() => requests.get('/api/regime') ?? 0, { timeout: 500 }).toBe(hiddenAt + 1);
  });

  test('attributes changed quickly: one subscription for the final target, nothing of the old ones', async ({
    page,
    embed,
    server,
  }) => {
    await embed(
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
    await page.locator('regime-widget').evaluate(async (el) => {
      const symbols = ['ETHUSDT', 'SOLUSDT', 'BTCUSDT'];
      for (let i = 0; i < 30; i++) {
        el.setAttribute('symbol', symbols[i % 3]!);
        el.setAttribute('timeframe', i % 2 ? '15m' : '4h');
        if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      el.setAttribute('symbol', 'SOLUSDT');
      el.setAttribute('timeframe', '1h');
    });
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
    await expect.poll(async () => (await health(server.url)).subscriptions).toEqual({ 'SOLUSDT|1h': 1 });
    await expect
      .poll(() =>
        page
          .locator('regime-widget')
          .evaluate((el) => (el as HTMLElement & { regime: { symbol: string } | null }).regime?.symbol),
      )
      .toBe('SOLUSDT');
    server.tick();
    server.tick();
    await page.waitForTimeout(200);
    expect(
      await page
        .locator('regime-widget')
        .evaluate((el) => (el as HTMLElement & { regime: { symbol: string } | null }).regime?.symbol),
    ).toBe('SOLUSDT');
    expect((await health(server.url)).clients).toBe(1);
  });

  test('removed and re-added: the subscription follows, no socket is left behind', async ({
    page,
    embed,
    server,
  }) => {
    await embed(
      widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
    );
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
    await page.evaluate(() => document.querySelector('regime-widget')!.remove());
    await expect.poll(async () => (await health(server.url)).clients).toBe(0);
    await page.evaluate(() => {
      const el = document.createElement('regime-widget');
      for (const [k, v] of Object.entries({ symbol: 'BTCUSDT', timeframe: '1h' })) el.setAttribute(k, v);
      el.setAttribute('api-url', `${location.origin}/unused`);
      document.body.append(el);
    });
    await page.evaluate((url) => {
      const el = document.querySelector('regime-widget')!;
      el.setAttribute('api-url', `${url}/api`);
      el.setAttribute('ws-url', url);
    }, server.url);
    await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
    expect((await health(server.url)).clients).toBe(1);
    expect((await health(server.url)).subscriptions).toEqual({ 'BTCUSDT|1h': 1 });
  });
});
