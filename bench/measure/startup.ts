/**
 * What loading the widget costs the host page's main thread: from navigation until every widget is
 * live, the long tasks (`PerformanceObserver('longtask')`, over 50 ms), the longest of them and the
 * blocking time (the sum of each long task's time past 50 ms, as Lighthouse's Total Blocking Time).
 * On a shared machine a task's wall time also counts the time other processes held the CPU, so
 * each figure is given twice: wall time (the longtask entries), and the main thread's own CPU time
 * per task (`tdur` of Chromium's trace events), which the machine's load inflates far less.
 *
 * As a visitor's browser runs the page: Chromium is started for each load with nothing attached
 * (no DevTools protocol, so no Playwright), tracing from its start (`--trace-startup`, categories
 * `toplevel` and `devtools.timeline`) into a file, on a blank page that opens the measured one once
 * the browser's own start is over (BROWSER_SETTLE_MS); the page posts its probe (instrument.ts) to a
 * loopback endpoint. A page
 * driven over the DevTools protocol pays for it: V8 then collects source positions for the
 * functions it runs (a second parse of the bundle, `V8.CollectSourcePositions`), which made the
 * script's evaluation 35 ms of CPU instead of 9 (bench/README.md, start-up).
 * The page: the script alone, then 1, 10 and 50 widgets at 1280×720 (about 16 on screen), each
 * load in a fresh browser and profile; median of `runs` loads. Also when the first widget showed
 * data and when all were live, from the moment the script had run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.js';
import type { BenchContext } from '../context.js';
import { grid, KEYS, pageHtml, type Impl } from '../impls.js';
import type { Probe } from '../instrument.js';
import { quantile } from './latency.js';

/** Widgets on the pages measured: 0 is the script alone. */
export const STARTUP_COUNTS = [0, 1, 10, 50] as const;
/**
 * How long the browser runs before the page opens, as a visitor's has. A fresh Chromium spends its
 * first seconds on its own start: on this machine its omnibox popup (a WebUI page in a renderer of
 * its own, `chrome://omnibox-popup.top-chrome/`) parsed its scripts during the page's load and held
 * one of the two cores for 30 to 110 ms of a page's longest task (bench/README.md, start-up).
 */
const BROWSER_SETTLE_MS = 4000;
/** After the last widget went live, how long the page is watched for trailing work (charts drawn late). */
const SETTLE_MS = 1500;
/** A page that is not all live by then fails the run. */
const DEADLINE_MS = 20_000;

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

/** Where the pages report their probe: one POST per load, handed to whoever waits for it. */
interface Reports {
  url: string;
  next(): Promise<string>;
  close(): Promise<void>;
}

async function startReports(): Promise<Reports> {
  let waiting: ((body: string) => void) | undefined;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      res.writeHead(204, { 'access-control-allow-origin': '*' });
      res.end();
      waiting?.(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    next: () => new Promise((resolve) => (waiting = resolve)),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The page's own report: its probe once every widget is live and the page settled, or its failure. */
function reportScript(widgets: number, url: string): string {
  return `<script>(() => {
  const started = performance.now();
  const send = (failed) => fetch(${JSON.stringify(url)}, { method: 'POST', body: JSON.stringify({ failed,
    probe: window.__probe, ran: performance.getEntriesByName('script-ran')[0]?.startTime ?? null }) });
  const check = () => {
    const { dataAt, liveAt } = window.__probe;
    if (dataAt.length >= ${widgets} && liveAt.length >= ${widgets} && document.readyState === 'complete')
      return setTimeout(() => send(false), ${SETTLE_MS});
    if (performance.now() - started > ${DEADLINE_MS}) return send(true);
    setTimeout(check, 100);
  };
  check();
})();</script>`;
}

async function loadOnce(
  ctx: BenchContext,
  reports: Reports,
  impl: Impl,
  widgets: number,
  urls: { apiUrl: string; wsUrl: string },
): Promise<Load> {
  const html = pageHtml(impl, grid(impl, widgets, KEYS, urls), { probe: true });
  ctx.host.setPage(html.replace('</body>', `${reportScript(widgets, reports.url)}</body>`));
  const dir = mkdtempSync(join(tmpdir(), 'regime-widget-startup-'));
  const traceFile = join(dir, 'trace.json');
  // Long enough for the slowest page to go live and settle, the browser's own start included (the
  // text-only page of 50 widgets once settled after the 7 s of 3 s + 40 ms a widget); the file is
  // written when it ends.
  const traceSeconds = Math.ceil((BROWSER_SETTLE_MS + 6000 + 60 * widgets + SETTLE_MS) / 1000);
  const report = reports.next();
  const spawnedAt = performance.now();
  const browser = spawn(
    chromiumPath(),
    [
      ...CHROMIUM_ARGS,
      '--headless=new',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--window-size=1280,720',
      '--trace-startup=toplevel,__metadata,devtools.timeline',
      `--trace-startup-file=${traceFile}`,
      `--trace-startup-duration=${traceSeconds}`,
      '--trace-startup-format=json',
      `data:text/html,<script>setTimeout(() => location.assign('${ctx.host.origin}/'), ${BROWSER_SETTLE_MS})</script>`,
    ],
    { stdio: 'ignore', detached: true },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${impl.name}: no report from the page`)),
        BROWSER_SETTLE_MS + DEADLINE_MS + 10_000,
      );
    });
    const { failed, probe, ran } = JSON.parse(await Promise.race([report, timeout])) as {
      failed: boolean;
      probe: Probe;
      ran: number;
    };
    if (failed)
      throw new Error(
        `${impl.name}: ${widgets} widgets not all live (${probe.dataAt.length} data, ${probe.liveAt.length} live)`,
      );
    // A trace that stopped before the page settled would miss its last tasks: fail, not undercount.
    if (performance.now() - spawnedAt > traceSeconds * 1000)
      throw new Error(`${impl.name}: ${widgets} widgets settled after the trace's ${traceSeconds} s`);
    const cpuTasks = mainThreadTasks(await readTrace(traceFile, DEADLINE_MS));
    const { longTasks, dataAt, liveAt } = probe;
    return {
      cpuLongest: Math.max(0, ...cpuTasks),
      cpuBlocking: cpuTasks.reduce((sum, ms) => sum + Math.max(0, ms - 50), 0),
      longest: Math.max(0, ...longTasks.map((task) => task.duration)),
      blocking: longTasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
      firstData: widgets ? Math.min(...dataAt) - ran : null,
      allLive: widgets ? Math.max(...liveAt) - ran : null,
    };
  } finally {
    clearTimeout(timer);
    // The whole process group: Chromium's wrapper script, the browser and its children.
    if (browser.pid) process.kill(-browser.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The trace file, once Chromium has written it whole. */
async function readTrace(file: string, timeoutMs: number): Promise<Trace> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (text.trimEnd().endsWith('}')) return JSON.parse(text) as Trace;
    }
    if (performance.now() > deadline) throw new Error(`no trace in ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string } };
}
type Trace = { traceEvents: TraceEvent[] };

/**
 * The CPU ms of each task on the page's main thread: the `CrRendererMain` thread of the process
 * that evaluated the implementation's script (a fresh browser also runs renderers of its own).
 */
function mainThreadTasks({ traceEvents }: Trace): number[] {
  const page = traceEvents.find(
    (e) => e.name === 'EvaluateScript' && /\/(regime|text)-widget\.js$/.test(e.args?.data?.url ?? ''),
  );
  if (!page) throw new Error('the trace has no evaluation of the widget script');
  const main = traceEvents.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === page.pid,
  );
  return traceEvents
    .filter(
      (e) =>
        e.name === 'ThreadControllerImpl::RunTask' &&
        e.ph === 'X' &&
        e.pid === page.pid &&
        e.tid === main?.tid &&
        e.tdur !== undefined,
    )
    .map((e) => (e.tdur as number) / 1000);
}

export async function measureStartup(
  ctx: BenchContext,
  impl: Impl,
  widgets: number,
  runs = 5,
): Promise<StartupResult> {
  const server = await ctx.server();
  const reports = await startReports();
  try {
    const urls = { apiUrl: `${server.url}/api`, wsUrl: server.url };
    // One load first that nothing counts: the server's caches and the machine's file cache warm.
    await loadOnce(ctx, reports, impl, Math.max(1, widgets), urls);
    const loads: Load[] = [];
    for (let run = 0; run < runs; run++) loads.push(await loadOnce(ctx, reports, impl, widgets, urls));
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
    await reports.close();
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
