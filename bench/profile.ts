/**
 * `npm run bench:profile`: where the widget's main-thread script time goes under the load figure
 * (100 widgets, 1,000 updates per second, 10 s). Runs the same page as `npm run bench` with the
 * DevTools CPU profiler on, maps each sampled frame through the bundle's source map to a source
 * file, and prints self time by file and by function. A tool for finding the next saving; the
 * benchmark's figures come from `npm run bench`, not from here (the profiler slows the page).
 *
 * `BENCH_VIEWPORT=all` profiles the all-on-screen page instead of 1280×720. `BENCH_PROFILE=start`
 * profiles the start instead: from navigation until `BENCH_WIDGETS` widgets (default 50) are live.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { launch } from './browser.js';
import { benchServer, type BenchContext } from './context.js';
import { startPageHost } from './hosts.js';
import type { CDPSession } from '@playwright/test';
import { IMPLS, KEYS, grid, pageHtml, type Impl } from './impls.js';
import { installProbe } from './instrument.js';
import { ALL_ON_SCREEN, LAPTOP, openLoadPage } from './measure/load.js';
import { openPage } from './browser.js';
import type { ReferenceServer } from '../server/src/app.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = fileURLToPath(new URL('..', import.meta.url));
const options = process.env.BENCH_VIEWPORT === 'all' ? ALL_ON_SCREEN : LAPTOP;

function buildWithSourceMap(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'regime-widget-profile-'));
  // Not minified: the profile names every function as the source does.
  execFileSync('npx', ['vite', 'build', '--mode', 'iife', '--minify', 'false', '--outDir', outDir], {
    cwd: root,
    env: { ...process.env, SOURCEMAP: '1' },
    stdio: 'ignore',
  });
  return join(outDir, 'regime-widget.js');
}

function table(title: string, totals: Map<string, number>, totalMs: number, limit: number): void {
  console.log(`\n${title}`);
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, limit))
    console.log(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${name}`);
}

/** Profiles one page load until every widget is live. */
async function profileStart(ctx: BenchContext, impl: Impl, server: ReferenceServer): Promise<Profile> {
  const widgets = Number(process.env.BENCH_WIDGETS ?? 50);
  const { page, cdp, close } = await openPage(ctx.browser, options.viewport);
  try {
    await installProbe(page);
    ctx.host.setPage(
      pageHtml(impl, grid(impl, widgets, KEYS, { apiUrl: `${server.url}/api`, wsUrl: server.url })),
    );
    await startProfiler(cdp);
    await page.goto(`${ctx.host.origin}/`);
    await page.waitForFunction(
      (count) => (window as unknown as { __probe: { liveAt: number[] } }).__probe.liveAt.length >= count,
      widgets,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }).profile;
  } finally {
    await close();
  }
}

async function startProfiler(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
}

/** Profiles the load figure's burst. */
async function profileLoad(ctx: BenchContext, impl: Impl, server: ReferenceServer): Promise<Profile> {
  const { cdp, close } = await openLoadPage(ctx, impl, server, options);
  try {
    await startProfiler(cdp);
    await server.burst({
      keys: KEYS,
      perSecond: KEYS.length * options.perWidget,
      durationMs: options.seconds * 1000,
    });
    return ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }).profile;
  } finally {
    await close();
  }
}

async function main(): Promise<void> {
  const bundle = buildWithSourceMap();
  const map = new TraceMap(readFileSync(`${bundle}.map`, 'utf8'));
  const ours = IMPLS.find((impl) => impl.name === 'ours')!;
  const host = await startPageHost({ 'regime-widget.js': bundle });
  const browser = await launch();
  const ctx: BenchContext = { browser, host, server: () => benchServer(host) };
  const server = await ctx.server();
  try {
    const profile = await (process.env.BENCH_PROFILE === 'start' ? profileStart : profileLoad)(
      ctx,
      ours,
      server,
    );

    // Each node's file and name, through the source map for the bundle's own frames.
    const labels = new Map<number, { file: string; name: string }>();
    const parent = new Map<number, number>();
    for (const { id, callFrame, children } of profile.nodes) {
      for (const child of children ?? []) parent.set(child, id);
      const builtin = callFrame.functionName.startsWith('(')
        ? callFrame.functionName
        : `(${callFrame.functionName})`;
      let file = callFrame.url ? 'page' : builtin;
      let name = callFrame.functionName || '(anonymous)';
      if (callFrame.url.endsWith('/regime-widget.js')) {
        const pos = originalPositionFor(map, {
          line: callFrame.lineNumber + 1,
          column: callFrame.columnNumber,
        });
        file = (pos.source ?? '?').replace(/^.*node_modules\//, '').replace(/^.*\/src\//, 'src/');
        name = `${name} ${file}:${pos.line ?? '?'}`;
      }
      labels.set(id, { file, name });
    }
    const byFile = new Map<string, number>();
    const byFunction = new Map<string, number>();
    const inclusive = new Map<string, number>();
    const add = (totals: Map<string, number>, key: string, ms: number) =>
      totals.set(key, (totals.get(key) ?? 0) + ms);
    let scriptMs = 0;
    profile.samples.forEach((leaf, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const { file, name } = labels.get(leaf)!;
      if (!['(idle)', '(program)', '(garbage collector)'].includes(file)) scriptMs += ms;
      add(byFile, file, ms);
      add(byFunction, name, ms);
      // Inclusive time: the sample counts once for every function on its stack.
      const stack = new Set<string>();
      for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id))
        stack.add(labels.get(id)!.name);
      for (const frame of stack) add(inclusive, frame, ms);
    });
    console.log(
      `viewport ${options.viewport.width}x${options.viewport.height}; JS self time ${scriptMs.toFixed(0)} ms (idle, program, GC apart)`,
    );
    table('self time by file', byFile, scriptMs, 30);
    table('self time by function', byFunction, scriptMs, 40);
    table('time including callees, by function', inclusive, scriptMs, 50);
  } finally {
    await browser.close();
    await server.close();
    await host.close();
  }
}

await main();
