import { describe, expect, it } from 'vitest';
import { MIN_LIVE_STALE_MS, staleAfterMs, staleAge } from '../../src/element/staleness.js';

describe('staleAfterMs', () => {
  it('live: two timeframes, at least a minute', () => {
    expect(staleAfterMs('live', '1h', 15000)).toBe(2 * 3600e3);
    expect(staleAfterMs('live', '5m', 15000)).toBe(10 * 60e3);
    expect(staleAfterMs('live', '1m', 15000)).toBe(120e3);
    expect(staleAfterMs('live', '10s', 15000)).toBe(MIN_LIVE_STALE_MS);
    expect(MIN_LIVE_STALE_MS).toBe(60_000);
  });

  it('polling and connecting: three poll intervals', () => {
    expect(staleAfterMs('polling', '1h', 15000)).toBe(45000);
    expect(staleAfterMs('polling', '1m', 1000)).toBe(3000);
    expect(staleAfterMs('connecting', '1h', 15000)).toBe(45000);
  });

  it('offline: at once', () => {
    expect(staleAfterMs('offline', '1h', 15000)).toBe(0);
  });
});

describe('staleAge', () => {
  const now = 1_000_000_000;

  it('is null before any data', () => {
    expect(staleAge('offline', null, now, '1h', 15000)).toBeNull();
    expect(staleAge('polling', null, now, '1h', 15000)).toBeNull();
  });

  it('polling: stale only past three intervals', () => {
    expect(staleAge('polling', now - 45000, now, '1h', 15000)).toBeNull();
    expect(staleAge('polling', now - 45001, now, '1h', 15000)).toBe(45001);
  });

  it('live: stale only past two timeframes', () => {
    expect(staleAge('live', now - 2 * 60e3, now, '1m', 15000)).toBeNull();
    expect(staleAge('live', now - 2 * 60e3 - 1, now, '1m', 15000)).toBe(2 * 60e3 + 1);
    expect(staleAge('live', now - 10 * 60e3, now, '1h', 15000)).toBeNull();
  });

  it('offline: always stale, even when just confirmed', () => {
    expect(staleAge('offline', now, now, '1h', 15000)).toBe(0);
    expect(staleAge('offline', now - 5000, now, '1h', 15000)).toBe(5000);
  });

  it('never gives a negative age for a clock that went back', () => {
    expect(staleAge('offline', now + 5000, now, '1h', 15000)).toBe(0);
    expect(staleAge('polling', now + 5000, now, '1h', 15000)).toBeNull();
  });
});
