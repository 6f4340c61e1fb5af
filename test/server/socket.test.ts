/**
 * The Socket.IO protocol over real connections: subscribe and its acknowledgement, the current regime
 * right after, updates on the clock, alerts, rooms, and the origin check of the handshake.
 */
import { describe, expect, it } from 'vitest';
import { checkAlert, checkUpdate, type RegimeAlert, type RegimeUpdate } from '../../src/contract/index.js';
import { MAX_SUBSCRIPTIONS } from '../../server/src/hub.js';
import { BTC_1H, client, connected, getJson, nextEvent, queue, serve, subscribe } from './helpers.js';

const ETH_15M = { symbol: 'ETHUSDT', timeframe: '15m' } as const;

describe('subscribe', () => {
  it.each(['/signals', '/'])(
    'on %s: acknowledges { ok: true }, then sends the current regime',
    async (namespace) => {
      const server = await serve();
      const socket = client(server, namespace);
      const regimes = queue<RegimeUpdate>(socket, 'regime');
      await connected(socket);
      expect(await subscribe(socket, BTC_1H)).toEqual({ ok: true });
      const update = await regimes.next('the current regime after subscribe');
      const checked = checkUpdate(update);
      expect(checked.ok && checked.value).toMatchObject(BTC_1H);
      const rest = await getJson(server, '/api/regime?symbol=BTCUSDT&timeframe=1h');
      expect(rest.body).toEqual(update);
    },
  );

  it.each`
    payload                                    | code             | why
    ${{ symbol: 'BTCUSDT' }}                   | ${'bad_request'} | ${'no timeframe'}
    ${{ symbol: 'BTC USDT', timeframe: '1h' }} | ${'bad_request'} | ${'a symbol with a space'}
    ${{ symbol: 'BTCUSDT', timeframe: '60' }}  | ${'bad_request'} | ${'a timeframe without a unit'}
    ${'BTCUSDT|1h'}                            | ${'bad_request'} | ${'a string'}
    ${null}                                    | ${'bad_request'} | ${'null'}
    ${{ symbol: 'DOGEUSDT', timeframe: '1h' }} | ${'not_found'}   | ${'an unknown symbol'}
  `('answers { ok: false } to $why', async ({ payload, code }) => {
    const server = await serve();
    const socket = client(server);
    await connected(socket);
    expect(await subscribe(socket, payload)).toEqual({
      ok: false,
      error: { code, message: expect.any(String) },
    });
  });

  it(`refuses more than ${MAX_SUBSCRIPTIONS} keys on one socket, but not a repeated key`, async () => {
    const server = await serve();
    const socket = client(server);
    await connected(socket);
    for (let minutes = 1; minutes <= MAX_SUBSCRIPTIONS; minutes++) {
      expect(await subscribe(socket, { symbol: 'BTCUSDT', timeframe: `${minutes}m` })).toEqual({ ok: true });
    }
    expect(await subscribe(socket, { symbol: 'BTCUSDT', timeframe: '1m' })).toEqual({ ok: true });
    expect(await subscribe(socket, BTC_1H)).toEqual({
      ok: false,
      error: { code: 'too_many_subscriptions', message: expect.any(String) },
    });
  });

  it('survives a subscribe without an acknowledgement callback, or with nothing at all', async () => {
    const server = await serve();
    const socket = client(server);
    const regimes = queue<RegimeUpdate>(socket, 'regime');
    await connected(socket);
    socket.emit('subscribe', BTC_1H);
    socket.emit('subscribe');
    expect(await regimes.next('the current regime after a subscribe without ack')).toMatchObject(BTC_1H);
    expect(await subscribe(socket, ETH_15M)).toEqual({ ok: true });
  });

  it('sends a new regime on every tick of the demo clock', async () => {
    const server = await serve({ tickMs: 40 });
    const socket = client(server);
    const regimes = queue<RegimeUpdate>(socket, 'regime');
    await connected(socket);
    await subscribe(socket, BTC_1H);
    const current = await regimes.next('the current regime');
    const next = await regimes.next('a regime from the clock (tickMs 40)', 2000);
    expect(checkUpdate(next).ok).toBe(true);
    expect(next.timestamp as number).toBeGreaterThan(current.timestamp as number);
  });

  it('sends regime:alert, after the regime, when the label changes', async () => {
    const server = await serve({ seed: 7 });
    const socket = client(server);
    const regimes = queue<RegimeUpdate>(socket, 'regime');
    const alerts = queue<RegimeAlert>(socket, 'regime:alert');
    await connected(socket);
    await subscribe(socket, BTC_1H);
    const previous = (await regimes.next('the current regime')).regime;
    for (let i = 1; i <= 200; i++) {
      server.tick();
      const update = await regimes.next(`the regime of tick ${i}`);
      if (update.regime === previous) continue;
      const alert = await alerts.next(`the alert of the change ${previous} → ${update.regime}`);
      expect(checkAlert(alert).ok).toBe(true);
      expect(alert).toMatchObject({
        ...BTC_1H,
        from: previous,
        to: update.regime,
        timestamp: update.timestamp,
      });
      const words = (label: string) => label.replace('_', ' ');
      expect(alert.message).toBe(`BTCUSDT 1h: ${words(previous)} → ${words(update.regime)}`);
      expect(['info', 'warning']).toContain(alert.severity);
      expect(alerts.pending).toEqual([]); // one alert per change, none without
      return;
    }
    throw new Error('no label change in 200 ticks');
  });

  it('sends a key only to its room, and stops after unsubscribe', async () => {
    const server = await serve();
    const btcOnly = client(server);
    const both = client(server);
    const btcOnlyRegimes = queue<RegimeUpdate>(btcOnly, 'regime');
    const bothRegimes = queue<RegimeUpdate>(both, 'regime');
    await Promise.all([connected(btcOnly), connected(both)]);
    await subscribe(btcOnly, BTC_1H);
    await subscribe(both, BTC_1H);
    await subscribe(both, ETH_15M);
    await btcOnlyRegimes.next('BTC current');
    await bothRegimes.next('BTC current');
    await bothRegimes.next('ETH current');

    server.tick(); // BTC's series was created first, so its update goes out first
    expect(await bothRegimes.next('BTC on tick 1')).toMatchObject(BTC_1H);
    expect(await bothRegimes.next('ETH on tick 1')).toMatchObject(ETH_15M);
    expect(await btcOnlyRegimes.next('BTC on tick 1')).toMatchObject(BTC_1H);

    both.emit('unsubscribe', BTC_1H);
    await subscribe(both, ETH_15M); // a round trip: the server has handled the unsubscribe
    await bothRegimes.next('ETH current after re-subscribe');
    server.tick();
    expect(await btcOnlyRegimes.next('BTC on tick 2')).toMatchObject(BTC_1H);
    expect(await bothRegimes.next('ETH on tick 2')).toMatchObject(ETH_15M); // and no BTC before it
    expect(btcOnlyRegimes.pending).toEqual([]);
  });

  it('counts connected clients in /api/health', async () => {
    const server = await serve();
    const socket = client(server);
    await connected(socket);
    expect((await getJson(server, '/api/health')).body).toMatchObject({ clients: 1 });
  });
});

describe('the handshake origin check (allowRequest)', () => {
  it('refuses a foreign Origin', async () => {
    const server = await serve();
    const socket = client(server, '/signals', { extraHeaders: { Origin: 'https://evil.example' } });
    await expect(connected(socket)).rejects.toThrow(/websocket error/);
  });

  it('refuses a foreign Origin on the polling transport too', async () => {
    const server = await serve();
    const socket = client(server, '/signals', {
      transports: ['polling'],
      extraHeaders: { Origin: 'https://evil.example' },
    });
    await expect(connected(socket)).rejects.toThrow(/xhr poll error/);
  });

  it.each(['http://localhost:5173', 'http://127.0.0.1:3003'])('lets %s in', async (origin) => {
    const server = await serve();
    const socket = client(server, '/signals', { extraHeaders: { Origin: origin } });
    await connected(socket);
  });

  it("lets the server's own origin in", async () => {
    const server = await serve();
    const socket = client(server, '/signals', { extraHeaders: { Origin: server.url } });
    await connected(socket);
  });

  it('lets a client with no Origin in (a Node client)', async () => {
    const server = await serve();
    await connected(client(server));
  });

  it('reports a refusal as connect_error, never as a crash of the server', async () => {
    const server = await serve();
    const refused = client(server, '/signals', { extraHeaders: { Origin: 'https://evil.example' } });
    await nextEvent(refused, 'connect_error', 'the refusal');
    await connected(client(server));
  });
});
