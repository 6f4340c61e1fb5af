import { describe, expect, it } from 'vitest';
import { retryDelay, type BackoffPolicy } from '../../src/feed/backoff.js';
import { REFUSED_BACKOFF, TRANSPORT_BACKOFF } from '../../src/feed/socket-connection.js';

const policy: BackoffPolicy = { base: 1000, cap: 5000 };

/** A seeded generator (mulberry32): the same "random" numbers on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('retryDelay', () => {
  it('is half the ceiling with random 0 and the whole ceiling with random 1', () => {
    expect(retryDelay(0, policy, () => 0)).toBe(500);
    expect(retryDelay(0, policy, () => 1)).toBe(1000);
    expect(retryDelay(2, policy, () => 0)).toBe(2000);
    expect(retryDelay(2, policy, () => 1)).toBe(4000);
  });

  it('stays within [ceiling / 2, ceiling] for every attempt', () => {
    const random = seeded(1);
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(policy.cap, policy.base * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const delay = retryDelay(attempt, policy, random);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('doubles its ceiling per attempt until the cap', () => {
    const big: BackoffPolicy = { base: 100, cap: 1e9 };
    const ceilings = [0, 1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, big, () => 1));
    expect(ceilings).toEqual([100, 200, 400, 800, 1600, 3200]);
    expect(retryDelay(3, policy, () => 1)).toBe(5000);
    expect(retryDelay(100, policy, () => 1)).toBe(5000);
  });

  it('survives a huge attempt count without overflowing to Infinity or NaN', () => {
    expect(retryDelay(1e6, policy, () => 0.5)).toBe(3750);
  });

  it('stays random at the cap: different random values give different delays, spread over [cap / 2, cap]', () => {
    const randoms = Array.from({ length: 11 }, (_, i) => i / 10);
    const delays = randoms.map((r) => retryDelay(20, policy, () => r));
    expect(new Set(delays).size).toBe(delays.length);
    expect(Math.min(...delays)).toBe(policy.cap / 2);
    expect(Math.max(...delays)).toBe(policy.cap);
  });

  it('spreads 100 clients retrying after a server restart over [cap / 2, cap], a trickle in any 100 ms', () => {
    // Every client has failed long enough to be at the cap; each draws its own Math.random-like value.
    // (socket.io-client's own backoff sends them all at exactly the cap: test/integration/backends.test.ts.)
    const random = seeded(42);
    const clients = Array.from({ length: 100 }, () => random());
    for (const [name, policy] of [
      ['transport', TRANSPORT_BACKOFF],
      ['refused', REFUSED_BACKOFF],
    ] as const) {
      const delays = clients.map((r) => retryDelay(20, policy, () => r));
      expect(Math.max(...delays) - Math.min(...delays), name).toBeGreaterThanOrEqual(0.4 * policy.cap);
      expect(new Set(delays).size, name).toBeGreaterThan(90);
      const buckets = new Map<number, number>();
      for (const d of delays) buckets.set(Math.floor(d / 100), (buckets.get(Math.floor(d / 100)) ?? 0) + 1);
      expect(Math.max(...buckets.values()), name).toBeLessThan(20);
    }
  });

  it('the retry policies let the widget be live within 10 s of the server coming back', () => {
    // The longest transport retry wait is the cap: well under the contract's 10 s.
    expect(retryDelay(50, TRANSPORT_BACKOFF, () => 1)).toBeLessThanOrEqual(5000);
    expect(REFUSED_BACKOFF.base).toBeGreaterThan(TRANSPORT_BACKOFF.base);
  });
});
