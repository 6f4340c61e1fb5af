/**
 * Emit-to-DOM latency, one widget: the server emits an update every ~30 ms and notes when
 * (performance.timeOrigin + performance.now() in Node); in the page a MutationObserver on the
 * widget's shadow root notes when the ADX value shows it (each clock read against the wall clock,
 * same machine), in any engine (scripts/engines). Each update's ADX reads differently from the 800
 * before it, so a shown value names its emit.
 */
import { caughtUp, probe, waitForData, warmUp, type BenchContext } from '../context.js';
import type { Engine, EnginePage } from '../../scripts/engines/index.js';
import { pageHtml, widgetMarkup, type Impl } from '../impls.js';
import { watchShown } from '../instrument.js';

export interface LatencyResult {
  samples: number;
  /** Updates emitted that the DOM never showed (should be none at this pace). */
  missed: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

const KEY = { symbol: 'BTCUSDT', timeframe: '1h' };

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}

/** Epoch ms minus performance.timeOrigin + performance.now(): each process's clock against the wall. */
function clockOffset(): number {
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) samples.push(Date.now() - (performance.timeOrigin + performance.now()));
  return samples.reduce((a, b) => a + b, 0) / samples.length;
}

function pageClockOffset(page: EnginePage): Promise<number> {
  return page.evaluate(clockOffset);
}

export async function measureLatency(
  ctx: BenchContext,
  engine: Engine,
  impl: Impl,
  updates = 330,
): Promise<LatencyResult> {
  const server = await ctx.server();
  const page = await engine.newPage();
  try {
    ctx.host.setPage(
      pageHtml(impl, widgetMarkup(impl, { key: KEY, apiUrl: `${server.url}/api`, wsUrl: server.url }), {
        probe: true,
      }),
    );
    await page.goto(`${ctx.host.origin}/`);
    await waitForData(page, impl, 1);
    await warmUp(page, impl, server, [KEY], 33);
    await page.evaluate(watchShown, impl.tag);

    const emitted: { text: string; at: number }[] = [];
    const report = await server.burst({
      keys: [KEY],
      perSecond: 1000 / 30,
      durationMs: updates * 30,
      onEmit: (update, at) => emitted.push({ text: update.adx.toFixed(1), at }),
    });
    await caughtUp(page, impl, report);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { shown } = await probe(page);
    // Both clocks read against the wall clock (Date.now()), so a drift of either cancels out.
    const skew = (await pageClockOffset(page)) - clockOffset();

    const latencies: number[] = [];
    let missed = 0;
    let from = 0;
    for (const emit of emitted) {
      const index = shown.findIndex((s, i) => i >= from && s.text === emit.text);
      if (index < 0) {
        missed++;
        continue;
      }
      from = index + 1;
      latencies.push((shown[index] as { at: number }).at + skew - emit.at);
    }
    latencies.sort((a, b) => a - b);
    return {
      samples: latencies.length,
      missed,
      medianMs: quantile(latencies, 0.5),
      p95Ms: quantile(latencies, 0.95),
      p99Ms: quantile(latencies, 0.99),
      maxMs: latencies.at(-1) ?? NaN,
    };
  } finally {
    await page.close();
    await server.close();
  }
}
