/**
 * Test-and-benchmark only: synthetic `regime` updates at a set rate, fed through ingest, so a test can
 * drive widgets far faster than the demo clock. Reachable in-process only (`startServer(...).burst`),
 * never over HTTP, so a page or a client cannot trigger it. Values are made up, not indicator math.
 */
import { routeKey, type RegimeUpdate, type SubscriptionKey } from '../../src/contract/index.js';
import { MAX_SUBSCRIPTIONS } from './hub.js';

/** Keys over the demo market's three symbols, as many as one socket may subscribe to: pages of many widgets in the tests and the benchmark use them. */
export const BURST_KEYS: readonly SubscriptionKey[] = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']
  .flatMap((symbol) =>
    ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d'].map((timeframe) => ({
      symbol,
      timeframe,
    })),
  )
  .slice(0, MAX_SUBSCRIPTIONS);

export interface BurstOptions {
  /** The keys to update, in turn. */
  keys: readonly SubscriptionKey[];
  /** Updates per second over all keys. */
  perSecond: number;
  /** How long the burst lasts: `perSecond * durationMs / 1000` updates in all (at least one). */
  durationMs: number;
  /** Called right after each emit, with when it was emitted (epoch ms, sub-millisecond). */
  onEmit?: (update: RegimeUpdate, at: number) => void;
}

export interface BurstReport {
  emitted: number;
  /** The last update sent per key (`BTCUSDT|1h`): a client has caught up when it shows it. */
  last: Record<string, RegimeUpdate>;
}

export type Burst = (options: BurstOptions) => Promise<BurstReport>;

/** ADX of the n-th update of a server's bursts: 10.0 to 89.9, so 800 updates in a row read differently. */
export function burstAdx(n: number): number {
  return (100 + (n % 800)) / 10;
}

/**
 * @example const burst = burster((update) => void ingest.accept(update), closing.signal);
 * await burst({ keys: [{ symbol: 'BTCUSDT', timeframe: '1h' }], perSecond: 1000, durationMs: 2000 });
 */
export function burster(publish: (update: RegimeUpdate) => void, stop: AbortSignal): Burst {
  let n = 0;
  // Strictly increasing per key across bursts: clients ignore an update that is not newer.
  const lastTime = new Map<string, number>();
  return (options) =>
    new Promise((resolve) => {
      const { keys, perSecond, durationMs, onEmit } = options;
      if (keys.length === 0 || !(perSecond > 0)) throw new Error('a burst needs keys and a rate above 0');
      const total = Math.max(1, Math.round((perSecond * durationMs) / 1000));
      const report: BurstReport = { emitted: 0, last: {} };
      const start = performance.now();
      const finish = () => {
        stop.removeEventListener('abort', finish);
        resolve(report);
      };
      const step = () => {
        if (stop.aborted) return finish();
        const due = Math.min(total, Math.floor(((performance.now() - start) * perSecond) / 1000) + 1);
        while (report.emitted < due) {
          const key = keys[report.emitted % keys.length] as SubscriptionKey;
          const id = routeKey(key);
          const timestamp = Math.max(Date.now(), (lastTime.get(id) ?? 0) + 1);
          lastTime.set(id, timestamp);
          const adx = burstAdx(n++);
          const update: RegimeUpdate = {
            symbol: key.symbol,
            timeframe: key.timeframe,
            regime: adx >= 25 ? 'trend_up' : 'range',
            adx,
            atrPct: 0.01,
            timestamp,
          };
          publish(update);
          report.emitted++;
          report.last[id] = update;
          onEmit?.(update, performance.timeOrigin + performance.now());
        }
        if (report.emitted >= total) return finish();
        const nextDue = (report.emitted * 1000) / perSecond;
        setTimeout(step, Math.max(1, nextDue - (performance.now() - start)));
      };
      stop.addEventListener('abort', finish);
      step();
    });
}
