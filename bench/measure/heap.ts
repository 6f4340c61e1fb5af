/**
 * Heap over a long run on a fast clock: 10 widgets (history 120), 60,000 updates in all, which is
 * 10 minutes at 10 updates per second per widget, sent as fast as the page takes them. The heap is
 * read after full garbage collections, before and after.
 */
import { domCounters, heapAfterGc, openPage } from '../browser.js';
import { caughtUp, waitForData, warmUp, type BenchContext } from '../context.js';
import { grid, KEYS, pageHtml, type Impl } from '../impls.js';
import { installProbe } from '../instrument.js';

export interface HeapResult {
  updates: number;
  /** Wall time the updates took to reach the widgets, s. */
  seconds: number;
  beforeBytes: number;
  afterBytes: number;
  growthBytes: number;
  domNodesGrowth: number;
  listenersGrowth: number;
}

export async function measureHeap(ctx: BenchContext, impl: Impl, updates = 60_000): Promise<HeapResult> {
  const keys = KEYS.slice(0, 10);
  const server = await ctx.server();
  const bench = await openPage(ctx.browser);
  try {
    const { page, cdp } = bench;
    await installProbe(page);
    ctx.host.setPage(
      pageHtml(
        impl,
        grid(impl, keys.length, keys, { apiUrl: `${server.url}/api`, wsUrl: server.url, history: 120 }),
      ),
    );
    await page.goto(`${ctx.host.origin}/`);
    await waitForData(page, impl, keys.length);
    // Past the warm-up every history is full: from here on a bounded widget holds no more.
    await warmUp(page, impl, server, keys, 1000);
    const beforeBytes = await heapAfterGc(cdp);
    const domBefore = await domCounters(cdp);
    const start = performance.now();
    const report = await server.burst({ keys, perSecond: 5000, durationMs: (updates / 5000) * 1000 });
    await caughtUp(page, impl, report, 120_000);
    const seconds = (performance.now() - start) / 1000;
    await page.waitForTimeout(200);
    const afterBytes = await heapAfterGc(cdp);
    const domAfter = await domCounters(cdp);
    return {
      updates: report.emitted,
      seconds,
      beforeBytes,
      afterBytes,
      growthBytes: afterBytes - beforeBytes,
      domNodesGrowth: domAfter.nodes - domBefore.nodes,
      listenersGrowth: domAfter.listeners - domBefore.listeners,
    };
  } finally {
    await bench.close();
    await server.close();
  }
}
