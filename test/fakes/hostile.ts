/** Arbitraries of hostile payloads, shared by the property tests and the browser test. */
import fc from 'fast-check';

/** Payloads near the contract's shape, each field drawn from good and hostile values. */
export const nearUpdate = fc.record(
  {
    symbol: fc.oneof(fc.constant('BTCUSDT'), fc.string(), fc.anything()),
    timeframe: fc.oneof(fc.constant('1h'), fc.string(), fc.anything()),
    regime: fc.oneof(
      fc.constantFrom('trend_up', 'range', '<img src=x onerror=alert(1)>', '', 'x'.repeat(33), '\u202e'),
      fc.string({ maxLength: 40 }),
      fc.anything(),
    ),
    adx: fc.oneof(fc.double(), fc.constantFrom(-1, 0, 100, 100.0001, Number.NaN, Infinity), fc.anything()),
    atrPct: fc.oneof(fc.double(), fc.constantFrom(-0.01, 0, 0.0156, Number.NaN, -Infinity), fc.anything()),
    timestamp: fc.oneof(
      fc.integer({ min: -1e16, max: 1e16 }),
      fc.constantFrom('2026-11-28T12:00:00Z', '2024-02-30', 'yesterday', '1 2 3', '', -1),
      fc
        .date({ noInvalidDate: false })
        .map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);
