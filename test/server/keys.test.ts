/**
 * The demo market's keys against a stranger: one client (a page, or a foreign page's `<img>` requests)
 * can create only so many keys, and a full market makes room by evicting keys nobody watches, so no
 * client locks the others out.
 */
import { get as httpGet } from 'node:http';
import { describe, expect, it } from 'vitest';
import { KEYS_PER_CLIENT_PER_MINUTE } from '../../server/src/market/key-budget.js';
import { MAX_KEYS } from '../../server/src/market/market.js';
import type { ReferenceServer } from '../../server/src/app.js';
import { BTC_1H, client, connected, serve, subscribe } from './helpers.js';

/** GET from another loopback address: the server tells clients apart by their address. */
function getFrom(server: ReferenceServer, path: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${server.url}${path}`, { localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

const regimePath = (symbol: string, timeframe: string) =>
  `/api/regime?symbol=${symbol}&timeframe=${timeframe}`;

describe('key creation', () => {
  it(`gives one client ${KEYS_PER_CLIENT_PER_MINUTE} new keys a minute, and nobody else is locked out`, async () => {
    const server = await serve();
    const statuses: number[] = [];
    for (let seconds = 1; seconds <= MAX_KEYS; seconds++) {
      statuses.push(await getFrom(server, regimePath('SOLUSDT', `${seconds}s`), '127.0.0.2'));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(KEYS_PER_CLIENT_PER_MINUTE);
    expect(statuses.slice(KEYS_PER_CLIENT_PER_MINUTE).every((s) => s === 429)).toBe(true);
    // Keys that exist stay readable for that client, and others create their own.
    expect(await getFrom(server, regimePath('SOLUSDT', '1s'), '127.0.0.2')).toBe(200);
    expect(await getFrom(server, regimePath('BTCUSDT', '1h'), '127.0.0.1')).toBe(200);
  });

  it('refuses a subscribe to a new key once the socket’s address has spent its budget', async () => {
    const server = await serve();
    for (let seconds = 1; seconds <= KEYS_PER_CLIENT_PER_MINUTE; seconds++) {
      expect(await getFrom(server, regimePath('ETHUSDT', `${seconds}s`), '127.0.0.3')).toBe(200);
    }
    const socket = client(server, '/signals', { localAddress: '127.0.0.3' } as never);
    await connected(socket);
    expect(await subscribe(socket, BTC_1H)).toEqual({
      ok: false,
      error: { code: 'too_many_keys', message: expect.any(String) },
    });
    expect(await subscribe(socket, { symbol: 'ETHUSDT', timeframe: '1s' })).toEqual({ ok: true });
  });

  it('when full, evicts the key wanted longest ago that nobody watches, never a watched one', async () => {
    const server = await serve({ maxKeys: 4 });
    const keys = ['1m', '2m', '3m', '4m'].map((timeframe) => ({ symbol: 'BTCUSDT', timeframe }));
    const watcher = client(server);
    await connected(watcher);
    expect(await subscribe(watcher, keys[0])).toEqual({ ok: true }); // the oldest, but watched
    for (const key of keys.slice(1)) {
      expect(await getFrom(server, regimePath(key.symbol, key.timeframe), '127.0.0.4')).toBe(200);
    }
    expect(await getFrom(server, regimePath('ETHUSDT', '1h'), '127.0.0.5')).toBe(200);
    const held = await Promise.all(keys.map(async (key) => (await server.store.current(key)) !== undefined));
    expect(held).toEqual([true, false, true, true]);
    await server.tick();
    expect(await getFrom(server, regimePath('SOLUSDT', '1h'), '127.0.0.5')).toBe(200);
    expect(await server.store.current(keys[0] as (typeof keys)[0])).toBeDefined();
    expect(await server.store.size()).toBe(4);
  });
});
