/**
 * What loading the widget costs the host page's main thread: from navigation until every widget is
 * live, the long tasks (`PerformanceObserver('longtask')`, over 50 ms), the longest of them and the
 * blocking time (the sum of each long task's time past 50 ms, as Lighthouse's Total Blocking Time).
 * On a shared machine a task's wall time also counts the time other processes held the CPU, so
 * each figure is given twice: wall time (the longtask entries), and the main thread's own CPU time
 * per task (`tdur` of Chromium's trace events `RunTask`), which the machine's load inflates far less.
 * The page: the script alone, then 1, 10 and 50 widgets at 1280×720 (about 16 on screen), each
 * load in a fresh context; median of `runs` loads. Also when the first widget showed data and when
 * all were live, from the moment the script had run.
 */
import { openPage } from '../browser.js';
import { probe, type BenchContext } from '../context.js';
import { grid, KEYS, pageHtml, type Impl } from '../impls.js';
import { installProbe } from '../instrument.js';
import { quantile } from './latency.js';

/** Widgets on the pages measured: 0 is the script alone. */
export const STARTUP_COUNTS = [0, 1, 10, 50] as const;
/** After the last widget went live, how long the page is watched for trailing work (charts drawn late). */
const SETTLE_MS = 1500;

export interface StartupResult {
  widgets: number;
  runs: number;
  /** The same two figures from the main thread's CPU time per task (trace events). */
  cpuLongestTaskMs: number;
  cpuBlockingMs: number;
  /** Median over the loads of each load's longest task over 50 ms (0: none over 50 ms). */
  longestTaskMs: number;
  worstLongestTaskMs: number;
  /** Median blocking time: per load, the sum of (task − 50 ms) over its long tasks. */
  blockingMs: number;
  /** Median ms from the script's end to the first widget's first update, and to the last one live. */
  firstDataMs: number | null;
  allLiveMs: number | null;
}

interface Load {
  cpuLongest: number;
  cpuBlocking: number;
  longest: number;
  blocking: number;
  firstData: number | null;
  allLive: number | null;
}

async function loadOnce(
  ctx: BenchContext,
  impl: Impl,
  widgets: number,
  urls: { apiUrl: string; wsUrl: string },
): Promise<Load> {
  const bench = await openPage(ctx.browser, { width: 1280, height: 720 });
  try {
    const { page } = bench;
    await installProbe(page);
    ctx.host.setPage(pageHtml(impl, grid(impl, widgets, KEYS, urls)));
    await ctx.browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
    await page.goto(`${ctx.host.origin}/`);
    const deadline = performance.now() + 20_000;
    for (;;) {
      const { dataAt, liveAt } = await probe(page);
      if (dataAt.length >= widgets && liveAt.length >= widgets) break;
      if (performance.now() > deadline)
        throw new Error(
          `${impl.name}: ${widgets} widgets not all live (${dataAt.length} data, ${liveAt.length} live)`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const cpuTasks = mainThreadTasks(JSON.parse((await ctx.browser.stopTracing()).toString()) as Trace);
    const { longTasks, dataAt, liveAt } = await probe(page);
    const ran = await page.evaluate(() => performance.getEntriesByName('script-ran')[0]?.startTime ?? NaN);
    return {
      cpuLongest: Math.max(0, ...cpuTasks),
      cpuBlocking: cpuTasks.reduce((sum, ms) => sum + Math.max(0, ms - 50), 0),
      longest: Math.max(0, ...longTasks.map((task) => task.duration)),
      blocking: longTasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
      firstData: widgets ? Math.min(...dataAt) - ran : null,
      allLive: widgets ? Math.max(...liveAt) - ran : null,
    };
  } finally {
    await bench.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}
type Trace = { traceEvents: TraceEvent[] };

/** The CPU ms of each task on the page's main thread: the renderer thread that ran the most. */
function mainThreadTasks({ traceEvents }: Trace): number[] {
  const mains = new Set(
    traceEvents
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, number[]>();
  for (const e of traceEvents) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mains.has(thread) || e.tdur === undefined) continue;
    byThread.set(thread, [...(byThread.get(thread) ?? []), e.tdur / 1000]);
  }
  const total = (tasks: number[]) => tasks.reduce((a, b) => a + b, 0);
  return [...byThread.values()].sort((a, b) => total(b) - total(a))[0] ?? [];
}

export async function measureStartup(
  ctx: BenchContext,
  impl: Impl,
  widgets: number,
  runs = 5,
): Promise<StartupResult> {
  const server = await ctx.server();
  try {
    const urls = { apiUrl: `${server.url}/api`, wsUrl: server.url };
    // One load first that nothing counts: the server's and the browser's caches warm.
    await loadOnce(ctx, impl, Math.max(1, widgets), urls);
    const loads: Load[] = [];
    for (let run = 0; run < runs; run++) loads.push(await loadOnce(ctx, impl, widgets, urls));
    const median = (values: number[]) =>
      quantile(
        [...values].sort((a, b) => a - b),
        0.5,
      );
    const longest = loads.map((load) => load.longest);
    return {
      widgets,
      runs,
      cpuLongestTaskMs: median(loads.map((load) => load.cpuLongest)),
      cpuBlockingMs: median(loads.map((load) => load.cpuBlocking)),
      longestTaskMs: median(longest),
      worstLongestTaskMs: Math.max(...longest),
      blockingMs: median(loads.map((load) => load.blocking)),
      firstDataMs: widgets ? median(loads.map((load) => load.firstData as number)) : null,
      allLiveMs: widgets ? median(loads.map((load) => load.allLive as number)) : null,
    };
  } finally {
    await server.close();
  }
}

export type StartupTable = Record<'ours' | 'text', StartupResult[]>;

/** Every page of STARTUP_COUNTS, ours then the text-only baseline for each. */
export async function measureStartupTable(
  ctx: BenchContext,
  ours: Impl,
  text: Impl,
  runs = 5,
): Promise<StartupTable> {
  const table: StartupTable = { ours: [], text: [] };
  for (const widgets of STARTUP_COUNTS) {
    const started = performance.now();
    table.ours.push(await measureStartup(ctx, ours, widgets, runs));
    table.text.push(await measureStartup(ctx, text, widgets, runs));
    console.error(`  start-up, ${widgets} widgets: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return table;
}

/** The start-up table in Markdown: longest task and blocking time, ours beside the baseline. */
export function startupMarkdown(table: StartupTable): string {
  const ms = (value: number | null) => (value === null ? '—' : value === 0 ? '< 50' : value.toFixed(0));
  const lines = [
    '| page | longest task ms, CPU | blocking ms, CPU | longest task ms, wall (worst) | blocking ms, wall | first data ms | all live ms | text-only, CPU: longest / blocking ms | text-only, wall: longest / blocking ms |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  table.ours.forEach((ours, i) => {
    const text = table.text[i] as StartupResult;
    const page =
      ours.widgets === 0 ? 'the script, no widget' : `${ours.widgets} widget${ours.widgets > 1 ? 's' : ''}`;
    lines.push(
      `| ${page} | ${ours.cpuLongestTaskMs.toFixed(0)} | ${ours.cpuBlockingMs.toFixed(0)} | ${ms(ours.longestTaskMs)} (${ms(ours.worstLongestTaskMs)}) | ${ours.blockingMs.toFixed(0)} | ` +
        `${ours.firstDataMs === null ? '—' : ours.firstDataMs.toFixed(0)} | ${ours.allLiveMs === null ? '—' : ours.allLiveMs.toFixed(0)} | ` +
        `${text.cpuLongestTaskMs.toFixed(0)} / ${text.cpuBlockingMs.toFixed(0)} | ${ms(text.longestTaskMs)} / ${text.blockingMs.toFixed(0)} |`,
    );
  });
  return lines.join('\n');
}
