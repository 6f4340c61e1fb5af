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

/**
 * socket.io-client's `Backoff` (build/esm/contrib/backo2.js, not reachable through the package's
 * `exports`), its `duration()` verbatim except that `rand` is passed in: the jitter is applied
 * before the clamp to `max`, so every delay past the cap is exactly `max`.
 */
function backo2Duration(
  attempt: number,
  opts: { min: number; max: number; jitter: number },
  rand: number,
): number {
  let ms = opts.min * Math.pow(2, attempt);
  const deviation = Math.floor(rand * opts.jitter * ms);
  ms = (Math.floor(rand * 10) & 1) == 0 ? ms - deviation : ms + deviation;
  return Math.min(ms, opts.max) | 0;
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

  it('spreads 100 clients retrying after a server restart; backo2 sends them all at the same instant', () => {
    // Every client has failed long enough to be at the cap; each draws its own Math.random-like value.
    const random = seeded(42);
    const clients = Array.from({ length: 100 }, () => random());
    for (const [name, cap, base] of [
      ['transport', TRANSPORT_BACKOFF.cap, TRANSPORT_BACKOFF.base],
      ['refused', REFUSED_BACKOFF.cap, REFUSED_BACKOFF.base],
    ] as const) {
      const ours = clients.map((r) => retryDelay(20, { base, cap }, () => r));
      const theirs = clients.map((r) => backo2Duration(20, { min: base, max: cap, jitter: 0.5 }, r));

      const spread = (delays: number[]) => Math.max(...delays) - Math.min(...delays);
      expect(spread(ours), name).toBeGreaterThanOrEqual(0.4 * cap);
      expect(new Set(ours).size, name).toBeGreaterThan(90);
      expect(spread(theirs), name).toBe(0);
      expect(new Set(theirs), name).toEqual(new Set([cap]));

      // How many retry in the same 100 ms window: a storm for backo2, a trickle for ours.
      const busiest = (delays: number[]) => {
        const buckets = new Map<number, number>();
        for (const d of delays) buckets.set(Math.floor(d / 100), (buckets.get(Math.floor(d / 100)) ?? 0) + 1);
        return Math.max(...buckets.values());
      };
      expect(busiest(theirs), name).toBe(100);
      expect(busiest(ours), name).toBeLessThan(20);
    }
  });

  it('the retry policies let the widget be live within 10 s of the server coming back', () => {
    // The longest transport retry wait is the cap: well under the contract's 10 s.
    expect(retryDelay(50, TRANSPORT_BACKOFF, () => 1)).toBeLessThanOrEqual(5000);
    expect(REFUSED_BACKOFF.base).toBeGreaterThan(TRANSPORT_BACKOFF.base);
  });
});
