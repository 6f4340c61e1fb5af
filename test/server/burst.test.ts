/**
 * The test-and-benchmark burst: valid, strictly newer updates at the asked rate to the key's room
 * only, and a prompt end when the server closes.
 */
import { describe, expect, it } from 'vitest';
import { burstAdx } from '../../server/src/burst.js';
import { checkUpdate, type RegimeUpdate } from '../../src/contract/index.js';
import { BTC_1H, client, connected, queue, serve, subscribe } from './helpers.js';

const ETH_15M = { symbol: 'ETHUSDT', timeframe: '15m' } as const;

describe('burst', () => {
  it('sends perSecond × duration valid, strictly newer updates, in turn over its keys, at the rate', async () => {
    const server = await serve();
    const socket = client(server);
    const regimes = queue<RegimeUpdate>(socket, 'regime');
    await connected(socket);
    await subscribe(socket, BTC_1H);
    await subscribe(socket, ETH_15M);
    await regimes.next('the current BTC regime after subscribe');
    await regimes.next('the current ETH regime after subscribe');

    const emits: { update: RegimeUpdate; at: number }[] = [];
    const start = performance.now();
    const report = await server.burst({
      keys: [BTC_1H, ETH_15M],
      perSecond: 200,
      durationMs: 250,
      onEmit: (update, at) => emits.push({ update, at }),
    });
    const took = performance.now() - start;

    expect(report.emitted).toBe(50);
    expect(emits).toHaveLength(50);
    // 50 updates at 200/s: the last is due at 245 ms.
    expect(took).toBeGreaterThanOrEqual(240);
    expect(took).toBeLessThan(1000);
    const received: RegimeUpdate[] = [];
    for (let i = 0; i < 50; i++) received.push(await regimes.next(`burst update ${i}`));
    expect(received).toEqual(emits.map((e) => e.update));
    for (const [i, update] of received.entries()) {
      expect(checkUpdate(update).ok).toBe(true);
      expect(update).toMatchObject(i % 2 === 0 ? BTC_1H : ETH_15M);
    }
    for (const key of ['BTCUSDT|1h', 'ETHUSDT|15m']) {
      const times = received.filter((u) => `${u.symbol}|${u.timeframe}` === key).map((u) => u.timestamp);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
      expect(report.last[key]).toEqual(received.findLast((u) => `${u.symbol}|${u.timeframe}` === key));
    }
    expect(new Set(received.map((u) => u.adx)).size).toBe(50);
  });

  it('goes on from the previous burst: newer timestamps, the next ADX values', async () => {
    const server = await serve();
    const first = await server.burst({ keys: [BTC_1H], perSecond: 5000, durationMs: 2 });
    const emits: RegimeUpdate[] = [];
    await server.burst({
      keys: [BTC_1H],
      perSecond: 5000,
      durationMs: 2,
      onEmit: (update) => emits.push(update),
    });
    expect(first.emitted).toBe(10);
    expect(emits[0]!.timestamp).toBeGreaterThan(first.last['BTCUSDT|1h']!.timestamp as number);
    expect(emits[0]!.adx).toBe(burstAdx(10));
  });

  it('does not reach a socket that did not subscribe to the key', async () => {
    const server = await serve();
    const socket = client(server);
    const regimes = queue<RegimeUpdate>(socket, 'regime');
    await connected(socket);
    await subscribe(socket, ETH_15M);
    await regimes.next('the current ETH regime after subscribe');
    await server.burst({ keys: [BTC_1H], perSecond: 1000, durationMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(regimes.pending).toEqual([]);
  });

  it('ends, with what it sent, when the server closes', async () => {
    const server = await serve();
    const running = server.burst({ keys: [BTC_1H], perSecond: 100, durationMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    const report = await running;
    expect(report.emitted).toBeGreaterThan(0);
    expect(report.emitted).toBeLessThan(100);
  });

  it('refuses a burst without keys or rate', async () => {
    const server = await serve();
    await expect(server.burst({ keys: [], perSecond: 10, durationMs: 10 })).rejects.toThrow(/keys/);
    await expect(server.burst({ keys: [BTC_1H], perSecond: 0, durationMs: 10 })).rejects.toThrow(/rate/);
  });
});
