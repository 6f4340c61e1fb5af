/**
 * `npm run bench`: the widget against a naive baseline, in Debian's Chromium, against the reference
 * server in this process. Everything listens on 127.0.0.1; the run stops by itself. Prints the table
 * and writes bench/results.json and bench/results.md. See bench/README.md for what each figure means.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.js';
import { benchServer, type BenchContext } from './context.js';
import { enginesTable, measureEngines, type EnginesResult } from './engines.js';
import { startPageHost } from './hosts.js';
import { IMPLS, KEYS, TEXT_ONLY, type Impl, type ImplName } from './impls.js';
import { measureBundle, type BundleResult } from './measure/bundle.js';
import { measureFirstData, type FirstDataResult, type SocketCase } from './measure/first-data.js';
import { measureHeap, type HeapResult } from './measure/heap.js';
import { measureLatency, type LatencyResult } from './measure/latency.js';
import { ALL_ON_SCREEN, LAPTOP, measureLoad, type LoadOptions, type LoadResult } from './measure/load.js';
import {
  measureConnections,
  measurePolling,
  type ConnectionsResult,
  type PollingResult,
} from './measure/sharing.js';
import { buildFloor } from './floor/floor.js';
import { launchEngine } from '../scripts/engines/index.js';
import { buildNaive, buildText } from './naive/build.js';
import { measureStartupTable, startupMarkdown, type StartupTable } from './measure/startup.js';
import { markdownTable, type Row } from './report.js';

/** A run that has not finished by then is stuck: stop it rather than hang a terminal or CI. */
const DEADLINE_MS = 40 * 60_000;
/** BENCH_BUNDLE measures another build of the widget (a proposed change) against the same baseline. */
const OURS_BUNDLE =
  process.env.BENCH_BUNDLE || fileURLToPath(new URL('../dist/regime-widget.js', import.meta.url));
/** BENCH_OUT writes the results elsewhere than bench/. */
const RESULTS = process.env.BENCH_OUT || fileURLToPath(new URL('.', import.meta.url));
/** Runs of each load figure; the table gives the median of each figure. */
const LOAD_RUNS = 3;
/** The targets. */
const TARGETS = {
  latencyP95Ms: 16,
  loadRatio: 0.5,
  longTaskMs: 50,
  fps: 55,
  gzipBytes: 50 * 1024,
  /** Growth after 60,000 updates that still counts as flat: see test/e2e/scale.spec.ts for the reasoning. */
  heapGrowthBytes: 2 * 1024 * 1024,
};

type Pair<T> = Record<ImplName, T>;

interface Results {
  meta: {
    date: string;
    node: string;
    chromium: string;
    cpus: number;
    /** 1-minute load average of the machine at start and end: other work skews absolute times. */
    loadAverage: { start: number; end: number };
    seconds: number;
  };
  /** Ours, the baseline, and the floor: the three libraries under a bare element (bench/floor). */
  bundle: Pair<BundleResult> & { floor: BundleResult };
  latency: Pair<LatencyResult>;
  load: Record<'allOnScreen' | 'laptop', Pair<LoadResult> & { options: LoadOptions }>;
  firstData: Record<SocketCase, Pair<FirstDataResult>>;
  connections: Pair<ConnectionsResult>;
  polling: Record<'keys32' | 'key1', Pair<PollingResult>>;
  heap: Pair<HeapResult>;
  /** Ours in Chromium, Firefox and WebKit: first data with the socket's port closed, emit→DOM latency. */
  engines: EnginesResult;
  /** Loading the page: long tasks and blocking time, ours beside the text-only baseline. */
  startup: StartupTable;
}

async function both<T>(label: string, measure: (impl: Impl) => Promise<T>): Promise<Pair<T>> {
  const out: Partial<Pair<T>> = {};
  for (const impl of IMPLS) {
    const start = performance.now();
    out[impl.name] = await measure(impl);
    console.error(`  ${label}, ${impl.name}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  return out as Pair<T>;
}

/**
 * The load figure LOAD_RUNS times, ours and the baseline in turn, each figure the median of its runs:
 * on a shared machine one run's times can be off by a fifth.
 */
async function loadRuns(label: string, ctx: BenchContext, options: LoadOptions): Promise<Pair<LoadResult>> {
  const runs: Pair<LoadResult>[] = [];
  for (let run = 1; run <= LOAD_RUNS; run++)
    runs.push(await both(`${label} (${run}/${LOAD_RUNS})`, (impl) => measureLoad(ctx, impl, options)));
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const medians = (results: LoadResult[]) =>
    Object.fromEntries(
      Object.keys(results[0]!).map((key) => [key, median(results.map((r) => r[key as keyof LoadResult]))]),
    ) as unknown as LoadResult;
  return { ours: medians(runs.map((r) => r.ours)), naive: medians(runs.map((r) => r.naive)) };
}

function rows(r: Results): Row[] {
  const out: Row[] = [];
  const lat = r.latency;
  out.push(
    {
      section: 'emit→DOM, 1 widget',
      metric: 'median ms',
      ours: lat.ours.medianMs,
      naive: lat.naive.medianMs,
    },
    {
      section: '',
      metric: 'p95 ms',
      ours: lat.ours.p95Ms,
      naive: lat.naive.p95Ms,
      target: { text: `p95 ≤ ${TARGETS.latencyP95Ms} ms`, met: lat.ours.p95Ms <= TARGETS.latencyP95Ms },
    },
    { section: '', metric: 'p99 ms', ours: lat.ours.p99Ms, naive: lat.naive.p99Ms },
    {
      section: '',
      metric: 'updates measured',
      ours: lat.ours.samples,
      naive: lat.naive.samples,
      digits: 0,
      noRatio: true,
    },
    {
      section: '',
      metric: 'updates coalesced away',
      ours: lat.ours.missed,
      naive: lat.naive.missed,
      digits: 0,
      noRatio: true,
    },
  );
  for (const [name, label] of [
    ['allOnScreen', `100 widgets, 1,000 upd/s, all on screen, median of ${LOAD_RUNS}`],
    ['laptop', `100 widgets, 1,000 upd/s, 1280×720, median of ${LOAD_RUNS}`],
  ] as const) {
    const { ours, naive } = r.load[name];
    const taskRatio = ours.taskS / naive.taskS;
    const scriptRatio = ours.scriptS / naive.scriptS;
    out.push(
      { section: label, metric: 'main thread busy %', ours: ours.busyPct, naive: naive.busyPct },
      {
        section: '',
        metric: 'TaskDuration s',
        ours: ours.taskS,
        naive: naive.taskS,
        digits: 2,
        target: { text: `≤ ${TARGETS.loadRatio}× naive`, met: taskRatio <= TARGETS.loadRatio },
      },
      {
        section: '',
        metric: 'ScriptDuration s',
        ours: ours.scriptS,
        naive: naive.scriptS,
        digits: 2,
        target: { text: `≤ ${TARGETS.loadRatio}× naive`, met: scriptRatio <= TARGETS.loadRatio },
      },
      {
        section: '',
        metric: 'main-thread CPU (ThreadTime) s',
        ours: ours.threadCpuS,
        naive: naive.threadCpuS,
        digits: 2,
      },
      {
        section: '',
        metric: 'renderer process CPU s',
        ours: ours.rendererCpuS,
        naive: naive.rendererCpuS,
        digits: 2,
      },
      { section: '', metric: 'layout s', ours: ours.layoutS, naive: naive.layoutS, digits: 2 },
      {
        section: '',
        metric: 'script ms per update',
        ours: ours.scriptMsPerUpdate,
        naive: naive.scriptMsPerUpdate,
        digits: 3,
      },
      {
        section: '',
        metric: 'long tasks > 50 ms',
        ours: ours.longTasks,
        naive: naive.longTasks,
        digits: 0,
        noRatio: true,
        target: { text: 'none', met: ours.longTasks === 0 },
      },
      {
        section: '',
        metric: 'longest task ms',
        ours: ours.longestTaskMs,
        naive: naive.longestTaskMs,
        digits: 0,
      },
      {
        section: '',
        metric: 'frames per second',
        ours: ours.fps,
        naive: naive.fps,
        target: { text: `≥ ${TARGETS.fps}`, met: ours.fps >= TARGETS.fps },
      },
      {
        section: '',
        metric: 'updates accepted in window',
        ours: ours.updates,
        naive: naive.updates,
        digits: 0,
        noRatio: true,
      },
      {
        section: '',
        metric: 'window s (incl. catching up)',
        ours: ours.windowS,
        naive: naive.windowS,
        digits: 2,
      },
    );
  }
  for (const [name, label] of [
    ['reachable', 'first data, socket reachable'],
    ['closed', 'first data, socket port closed'],
    ['black-holed', 'first data, socket black-holed'],
  ] as const) {
    const { ours, naive } = r.firstData[name];
    out.push(
      {
        section: label,
        metric: 'ms after the script ran (median of 5)',
        ours: ours.fromScriptMs,
        naive: naive.fromScriptMs,
        digits: 0,
      },
      {
        section: '',
        metric: 'worst ms after the script ran',
        ours: ours.worstFromScriptMs,
        naive: naive.worstFromScriptMs,
        digits: 0,
        target: { text: '≤ 1000 ms (contract)', met: ours.worstFromScriptMs <= 1000 },
      },
    );
  }
  const { connections: c, polling: p } = r;
  out.push(
    {
      section: '100 widgets, 1 server',
      metric: 'Socket.IO connections (server)',
      ours: c.ours.serverClients,
      naive: c.naive.serverClients,
      digits: 0,
      target: { text: '1', met: c.ours.serverClients === 1 },
    },
    {
      section: '',
      metric: 'ms until the last one opened',
      ours: c.ours.connectedMs,
      naive: c.naive.connectedMs,
      digits: 0,
    },
    {
      section: '',
      metric: 'WebSockets the page opened',
      ours: c.ours.pageWebSockets,
      naive: c.naive.pageWebSockets,
      digits: 0,
    },
    {
      section: '',
      metric: 'REST requests on start',
      ours: c.ours.startRequests,
      naive: c.naive.startRequests,
      digits: 0,
    },
    {
      section: '',
      metric: 'connections after removing them',
      ours: c.ours.clientsAfterRemoval,
      naive: c.naive.clientsAfterRemoval,
      digits: 0,
      noRatio: true,
      target: { text: '0', met: c.ours.clientsAfterRemoval === 0 },
    },
    {
      section: 'API mode, poll 1 s',
      metric: 'GET /regime per interval, 100 widgets on 32 keys',
      ours: p.keys32.ours.perInterval,
      naive: p.keys32.naive.perInterval,
    },
    {
      section: '',
      metric: 'per key per interval',
      ours: p.keys32.ours.perInterval / 32,
      naive: p.keys32.naive.perInterval / 32,
      digits: 2,
      target: { text: '≤ 1', met: p.keys32.ours.perInterval / 32 <= 1.05 },
    },
    {
      section: '',
      metric: 'GET /regime per interval, 100 widgets on 1 key',
      ours: p.key1.ours.perInterval,
      naive: p.key1.naive.perInterval,
      target: { text: '1', met: Math.round(p.key1.ours.perInterval) === 1 },
    },
  );
  const h = r.heap;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  out.push(
    {
      section: 'heap, 10 widgets × 6,000 updates',
      metric: 'MB before',
      ours: mb(h.ours.beforeBytes),
      naive: mb(h.naive.beforeBytes),
      digits: 2,
    },
    {
      section: '',
      metric: 'MB after',
      ours: mb(h.ours.afterBytes),
      naive: mb(h.naive.afterBytes),
      digits: 2,
    },
    {
      section: '',
      metric: 'growth MB',
      ours: mb(h.ours.growthBytes),
      naive: mb(h.naive.growthBytes),
      digits: 2,
      noRatio: true,
      target: {
        text: `flat (< ${mb(TARGETS.heapGrowthBytes)} MB)`,
        met: h.ours.growthBytes < TARGETS.heapGrowthBytes,
      },
    },
    { section: '', metric: 's to deliver them', ours: h.ours.seconds, naive: h.naive.seconds },
  );
  const kb = (bytes: number) => bytes / 1024;
  out.push(
    { section: 'bundle', metric: 'raw KB', ours: kb(r.bundle.ours.raw), naive: kb(r.bundle.naive.raw) },
    {
      section: '',
      metric: 'gzip -9 KB',
      ours: kb(r.bundle.ours.gzip),
      naive: kb(r.bundle.naive.gzip),
      target: { text: `≤ ${kb(TARGETS.gzipBytes)} KB`, met: r.bundle.ours.gzip <= TARGETS.gzipBytes },
    },
    { section: '', metric: 'brotli KB', ours: kb(r.bundle.ours.brotli), naive: kb(r.bundle.naive.brotli) },
    {
      section: '',
      metric: 'gzip -9 KB of the libraries alone (bench/floor)',
      ours: kb(r.bundle.floor.gzip),
      naive: null,
      noRatio: true,
    },
    {
      section: '',
      metric: 'gzip -9 KB of our own code (bundle − floor)',
      ours: kb(r.bundle.ours.gzip - r.bundle.floor.gzip),
      naive: null,
      noRatio: true,
    },
  );
  return out;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadStart = loadavg()[0] as number;
  if (!existsSync(OURS_BUNDLE))
    throw new Error('dist/regime-widget.js is missing: run `npm run build` first');
  console.error('building the naive baseline…');
  const naiveBundle = await buildNaive();
  const host = await startPageHost({
    'regime-widget.js': OURS_BUNDLE,
    'naive-widget.js': naiveBundle,
    'text-widget.js': await buildText(),
  });
  const browser = await launch();
  // Chromium again, through the page interface the Firefox and WebKit figures are measured with.
  const chromium = await launchEngine('chromium');
  const ctx: BenchContext = { browser, host, server: () => benchServer(host) };
  try {
    const bundle = {
      ours: measureBundle(OURS_BUNDLE),
      naive: measureBundle(naiveBundle),
      floor: measureBundle(await buildFloor()),
    };
    const startup = await measureStartupTable(ctx, IMPLS[0]!, TEXT_ONLY);
    const latency = await both('emit-to-DOM latency', (impl) => measureLatency(ctx, chromium, impl));
    const load = {
      allOnScreen: { options: ALL_ON_SCREEN, ...(await loadRuns('load, all on screen', ctx, ALL_ON_SCREEN)) },
      laptop: { options: LAPTOP, ...(await loadRuns('load, 1280×720', ctx, LAPTOP)) },
    };
    const firstData = {
      reachable: await both('first data, reachable', (impl) =>
        measureFirstData(ctx, chromium, impl, 'reachable'),
      ),
      closed: await both('first data, closed', (impl) => measureFirstData(ctx, chromium, impl, 'closed')),
      'black-holed': await both('first data, black-holed', (impl) =>
        measureFirstData(ctx, chromium, impl, 'black-holed'),
      ),
    };
    const connections = await both('connections', (impl) => measureConnections(ctx, impl));
    const polling = {
      keys32: await both('polling, 32 keys', (impl) => measurePolling(ctx, impl, KEYS)),
      key1: await both('polling, 1 key', (impl) => measurePolling(ctx, impl, KEYS.slice(0, 1))),
    };
    const heap = await both('heap', (impl) => measureHeap(ctx, impl));
    const engines = await measureEngines(ctx, IMPLS[0]!, {
      chromium: { version: chromium.version, latency: latency.ours, firstDataClosed: firstData.closed.ours },
    });
    const results: Results = {
      meta: {
        date: new Date().toISOString(),
        node: process.version,
        chromium: browser.version(),
        cpus: cpus().length,
        loadAverage: { start: loadStart, end: loadavg()[0] as number },
        seconds: (performance.now() - started) / 1000,
      },
      bundle,
      latency,
      load,
      firstData,
      connections,
      polling,
      heap,
      engines,
      startup,
    };
    const table =
      `${markdownTable(rows(results))}\n\n## Per engine (ours)\n\n${enginesTable(results.engines)}` +
      `\n\n## Start-up (Chromium, 1280×720, median of 5 page loads)\n\n${startupMarkdown(results.startup)}`;
    const { meta } = results;
    const about =
      `${meta.date}, Chromium ${meta.chromium}, Node ${meta.node}, ${meta.cpus} CPUs, ` +
      `load average ${meta.loadAverage.start.toFixed(1)} → ${meta.loadAverage.end.toFixed(1)}, ` +
      `${meta.seconds.toFixed(0)} s`;
    const json = join(RESULTS, 'results.json');
    const md = join(RESULTS, 'results.md');
    writeFileSync(
      json,
      `${JSON.stringify({ measured: relative(process.cwd(), OURS_BUNDLE), ...results }, null, 2)}\n`,
    );
    writeFileSync(md, `# Benchmark results\n\n${about}\n\n${table}\n`);
    console.log(`\n${about}\n\n${table}\n\nwritten: ${json}, ${md}`);
  } finally {
    await browser.close();
    await chromium.close();
    await host.close();
  }
}

const deadline = setTimeout(() => {
  console.error(`bench: not done after ${DEADLINE_MS / 60_000} minutes; stopping`);
  process.exit(2);
}, DEADLINE_MS);
deadline.unref();
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
