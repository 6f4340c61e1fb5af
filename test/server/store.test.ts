/**
 * The store interface, the same cases against both stores: memory (one node) and Redis (a real
 * redis-server on a free port, shared by two stores as two nodes share it).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegimeUpdate } from '../../src/contract/index.js';
import { redisClient } from '../../server/src/redis/clients.js';
import { MemoryStore } from '../../server/src/store/memory.js';
import { RedisStore } from '../../server/src/store/redis.js';
import { HISTORY_CAP, StoreUnavailableError, type RegimeStore } from '../../server/src/store/store.js';
import { startRedis, type RedisServer } from '../../scripts/redis-server.js';

const log = pino({ level: 'silent' });
const T0 = 1_764_331_200_000;
const BTC = { symbol: 'BTCUSDT', timeframe: '1h' };

function update(at: number, regime = 'range', key = BTC): RegimeUpdate {
  return { ...key, regime, adx: 20, atrPct: 0.01, timestamp: at };
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

let prefixes = 0;
/** Two stores on one shared state, as two nodes have them; a fresh state per test. */
const stores: Record<string, () => Promise<[RegimeStore, RegimeStore]>> = {
  memory: async () => {
    const store = new MemoryStore();
    return [store, store];
  },
  redis: async () => {
    const prefix = `test${++prefixes}:`;
    const pair = [0, 1].map(() => new RedisStore(redisClient(redis.url, 'store', log), { prefix }));
    await Promise.all(pair.map((store) => store.connected(5000)));
    return pair as [RedisStore, RedisStore];
  },
};

describe.each(Object.keys(stores))('%s store', (kind) => {
  const open = async () => {
    const pair = await (stores[kind] as () => Promise<[RegimeStore, RegimeStore]>)();
    return { a: pair[0], b: pair[1], close: () => Promise.all(pair.map((s) => s.close())) };
  };

  it('knows nothing of a key before its first update', async () => {
    const { a, close } = await open();
    expect(await a.current(BTC)).toBeUndefined();
    expect(await a.history(BTC, 10)).toEqual([]);
    expect(await a.size()).toBe(0);
    await close();
  });

  it('makes the first update current, without an alert, and answers it to the other node', async () => {
    const { a, b, close } = await open();
    expect(await a.apply(update(T0))).toEqual({ outcome: 'current' });
    expect(await b.current(BTC)).toEqual(update(T0));
    expect(await b.history(BTC, 10)).toEqual([{ regime: 'range', adx: 20, atrPct: 0.01, timestamp: T0 }]);
    expect(await b.size()).toBe(1);
    await close();
  });

  it('decides an alert when the label changes, from the previous label', async () => {
    const { a, b, close } = await open();
    await a.apply(update(T0, 'range'));
    expect(await b.apply(update(T0 + 1, 'range'))).toEqual({ outcome: 'current' });
    expect(await a.apply(update(T0 + 2, 'trend_up'))).toEqual({ outcome: 'current', changedFrom: 'range' });
    expect(await b.apply(update(T0 + 3, 'trend_up'))).toEqual({ outcome: 'current' });
    expect((await a.history(BTC, 10)).map((p) => p.regime)).toEqual([
      'range',
      'range',
      'trend_up',
      'trend_up',
    ]);
    await close();
  });

  it('changes nothing for an update that is not newer, by the time it stands for', async () => {
    const { a, b, close } = await open();
    await a.apply(update(T0 + 1000, 'range'));
    for (const stale of [
      update(T0 + 1000, 'volatile'),
      update(T0, 'trend_up'),
      update(new Date(T0 + 999).toISOString() as never, 'trend_up'),
    ]) {
      expect(await b.apply(stale)).toEqual({ outcome: 'stale' });
    }
    expect(await a.current(BTC)).toEqual(update(T0 + 1000, 'range'));
    expect(await a.history(BTC, 10)).toHaveLength(1);
    const iso = { ...update(0, 'trend_up'), timestamp: new Date(T0 + 1001).toISOString() };
    expect(await b.apply(iso)).toEqual({ outcome: 'current', changedFrom: 'range' });
    expect(await a.current(BTC)).toEqual(iso);
    await close();
  });

  it('gives one node the change when two apply the same update at once', async () => {
    const { a, b, close } = await open();
    await a.apply(update(T0, 'range'));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).apply(update(T0 + 1, 'trend_up'))),
    );
    expect(results.filter((r) => r.outcome === 'current')).toEqual([
      { outcome: 'current', changedFrom: 'range' },
    ]);
    expect(await a.history(BTC, 10)).toHaveLength(2);
    await close();
  });

  it(`keeps the last ${HISTORY_CAP} points, oldest first, and answers at most limit`, async () => {
    const { a, close } = await open();
    await Promise.all(Array.from({ length: HISTORY_CAP + 5 }, (_, i) => a.apply(update(T0 + i))));
    const all = await a.history(BTC, 5000);
    expect(all).toHaveLength(HISTORY_CAP);
    expect(all[0]?.timestamp).toBe(T0 + 5);
    expect(all.at(-1)?.timestamp).toBe(T0 + HISTORY_CAP + 4);
    expect((await a.history(BTC, 3)).map((p) => p.timestamp)).toEqual(
      [2, 3, 4].map((i) => T0 + HISTORY_CAP + i),
    );
    await close();
  });

  it('keeps keys apart, counts them, and forgets one', async () => {
    const { a, b, close } = await open();
    const eth = { symbol: 'ETHUSDT', timeframe: '4h' };
    await a.apply(update(T0, 'range'));
    await a.apply(update(T0 + 5, 'volatile', eth));
    expect(await b.apply(update(T0 + 1, 'trend_down'))).toEqual({ outcome: 'current', changedFrom: 'range' });
    expect(await b.size()).toBe(2);
    await b.forget(eth);
    expect(await a.current(eth)).toBeUndefined();
    expect(await a.history(eth, 10)).toEqual([]);
    expect(await a.size()).toBe(1);
    expect((await a.current(BTC))?.regime).toBe('trend_down');
    await close();
  });
});

describe('redis store without Redis', () => {
  it('says down and refuses at once while Redis is away, and comes back by itself', async () => {
    const own = await startRedis();
    const store = new RedisStore(redisClient(own.url, 'store', log));
    expect(await store.connected(5000)).toBe('up');
    const states: string[] = [];
    store.onState((state) => states.push(state));
    await store.apply(update(T0));

    await own.stop();
    await expect.poll(() => store.state).toBe('down');
    const started = performance.now();
    await expect(store.current(BTC)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.apply(update(T0 + 1))).rejects.toThrow(/store is unreachable/);
    expect(performance.now() - started).toBeLessThan(500);

    await own.start();
    expect(await store.connected(5000)).toBe('up');
    expect(states).toEqual(['down', 'up']);
    expect(await store.current(BTC)).toBeUndefined(); // a Redis without persistence comes back empty
    expect(await store.apply(update(T0 + 2))).toEqual({ outcome: 'current' });
    await store.close();
    await own.stop();
  });
});
