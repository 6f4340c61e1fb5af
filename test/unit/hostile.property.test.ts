/**
 * Property tests of the validation: whatever comes off the network, checks never throw, and what
 * they accept is always displayable (finite numbers in range, short strings, real timestamps).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAlert, checkHistory, checkUpdate, LIMITS, timestampMs } from '../../src/contract/validate.js';
import { nearUpdate } from '../fakes/hostile.js';

describe('validation under hostile input', () => {
  it('never throws, and accepts only displayable updates', () => {
    fc.assert(
      fc.property(fc.oneof(nearUpdate, fc.anything()), (payload) => {
        const checked = checkUpdate(payload);
        if (!checked.ok) {
          expect(checked.reason).toEqual(expect.any(String));
          return;
        }
        const u = checked.value;
        expect(Number.isFinite(u.adx) && u.adx >= 0 && u.adx <= 100).toBe(true);
        expect(Number.isFinite(u.atrPct) && u.atrPct >= 0).toBe(true);
        expect(u.regime.length).toBeGreaterThan(0);
        expect(u.regime.length).toBeLessThanOrEqual(LIMITS.regime);
        expect(timestampMs(u.timestamp)).toEqual(expect.any(Number));
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws on alerts and histories', () => {
    fc.assert(
      fc.property(fc.anything(), nearUpdate, (noise, point) => {
        expect(() => checkAlert(noise)).not.toThrow();
        expect(() =>
          checkAlert({
            ...(typeof noise === 'object' ? noise : {}),
            symbol: 'BTCUSDT',
            timeframe: '1h',
            to: noise,
          }),
        ).not.toThrow();
        expect(() =>
          checkHistory({ symbol: 'BTCUSDT', timeframe: '1h', points: [point, noise] }),
        ).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});
