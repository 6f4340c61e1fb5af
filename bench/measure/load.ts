/**
 * 100 widgets, 1,000 updates per second in all for 10 s: what the page's main thread spends.
 * The widgets cover the 32 keys in turn (4 or 3 per key); each key gets 10 updates per second, so
 * each widget gets 10 and the page 1,000. Ours receives 320 socket messages per second on one
 * connection; the naive baseline 1,000 on 100 connections: that difference is part of the design.
 */
import { cpuMetrics, openPage, type BenchPage } from '../browser.js';
import type { ReferenceServer } from '../../server/src/app.js';
import { caughtUp, probe, waitForData, warmUp, type BenchContext } from '../context.js';
import { grid, KEYS, pageHtml, type Impl } from '../impls.js';
import { installProbe } from '../instrument.js';

export interface LoadOptions {
  widgets: number;
  /** Updates per second per widget. */
  perWidget: number;
  seconds: number;
  viewport: { width: number; height: number };
}

/** The load figure's page, all on screen: 100 widgets in a 10×10 grid of 200 px columns. */
export const ALL_ON_SCREEN: LoadOptions = {
  widgets: 100,
  perWidget: 10,
  seconds: 10,
  viewport: { width: 2000, height: 1950 },
};
/** The same on a laptop's 1280×720: about 20 on screen, the rest scrolled off. */
export const LAPTOP: LoadOptions = { ...ALL_ON_SCREEN, viewport: { width: 1280, height: 720 } };

/**
 * Opens the load page against `server`: every widget shows data, and a warm-up burst has reached
 * them all. The caller closes it.
 */
export async function openLoadPage(
  ctx: BenchContext,
  impl: Impl,
  server: ReferenceServer,
  options: LoadOptions,
): Promise<BenchPage> {
  const bench = await openPage(ctx.browser, options.viewport);
  try {
    const { page } = bench;
    await installProbe(page);
    ctx.host.setPage(
      pageHtml(impl, grid(impl, options.widgets, KEYS, { apiUrl: `${server.url}/api`, wsUrl: server.url })),
    );
    await page.goto(`${ctx.host.origin}/`);
    await waitForData(page, impl, options.widgets);
    await warmUp(page, impl, server, KEYS, KEYS.length * options.perWidget);
    return bench;
  } catch (error) {
    await bench.close();
    throw error;
  }
}

export interface LoadResult {
  /** Updates the widgets accepted in the window (`regime-update` events). */
  updates: number;
  windowS: number;
  /** Main-thread busy: TaskDuration over wall time. */
  busyPct: number;
  taskS: number;
  /** Main-thread CPU time (ThreadTime): unlike TaskDuration, not inflated when other processes take the CPU. */
  threadCpuS: number;
  /** CPU time of the page's whole renderer process (main thread, compositor, raster). */
  rendererCpuS: number;
  scriptS: number;
  layoutS: number;
  styleS: number;
  scriptMsPerUpdate: number;
  taskMsPerUpdate: number;
  longTasks: number;
  longestTaskMs: number;
  fps: number;
  /** How long after the last emit the widgets showed it. */
  drainMs: number;
}

export async function measureLoad(ctx: BenchContext, impl: Impl, options: LoadOptions): Promise<LoadResult> {
  const server = await ctx.server();
  let bench: BenchPage | undefined;
  try {
    bench = await openLoadPage(ctx, impl, server, options);
    const { page, cdp } = bench;
    const perSecond = KEYS.length * options.perWidget;
    const before = await cpuMetrics(cdp);
    const start = await probe(page);
    const t0 = await page.evaluate(() => performance.now());
    const report = await server.burst({ keys: KEYS, perSecond, durationMs: options.seconds * 1000 });
    const drainMs = await caughtUp(page, impl, report);
    const t1 = await page.evaluate(() => performance.now());
    const end = await probe(page);
    const after = await cpuMetrics(cdp);

    const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
    const wallS = delta('Timestamp');
    const updates = end.updates - start.updates;
    const longTasks = end.longTasks.filter((task) => task.start >= t0 && task.start <= t1);
    return {
      updates,
      windowS: wallS,
      busyPct: (100 * delta('TaskDuration')) / wallS,
      taskS: delta('TaskDuration'),
      threadCpuS: delta('ThreadTime'),
      rendererCpuS: delta('ProcessTime'),
      scriptS: delta('ScriptDuration'),
      layoutS: delta('LayoutDuration'),
      styleS: delta('RecalcStyleDuration'),
      scriptMsPerUpdate: (1000 * delta('ScriptDuration')) / updates,
      taskMsPerUpdate: (1000 * delta('TaskDuration')) / updates,
      longTasks: longTasks.length,
      longestTaskMs: Math.max(0, ...longTasks.map((task) => task.duration)),
      fps: ((end.frames - start.frames) * 1000) / (t1 - t0),
      drainMs,
    };
  } finally {
    await bench?.close();
    await server.close();
  }
}
