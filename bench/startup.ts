/**
 * `npm run bench:startup`: the benchmark's start-up section alone (bench/measure/startup.ts), for
 * measuring a change to the start without the whole run. `BENCH_BUNDLE` as in bench/run.ts.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.js';
import { benchServer, type BenchContext } from './context.js';
import { startPageHost } from './hosts.js';
import { IMPLS, TEXT_ONLY } from './impls.js';
import { measureStartupTable, startupMarkdown } from './measure/startup.js';
import { buildText } from './naive/build.js';

const bundle =
  process.env.BENCH_BUNDLE || fileURLToPath(new URL('../dist/regime-widget.js', import.meta.url));
const before = loadavg()[0] as number;
const host = await startPageHost({ 'regime-widget.js': bundle, 'text-widget.js': await buildText() });
const browser = await launch();
const ctx: BenchContext = { browser, host, server: () => benchServer(host) };
try {
  const table = await measureStartupTable(ctx, IMPLS[0]!, TEXT_ONLY);
  console.log(
    `load average ${before.toFixed(1)} → ${(loadavg()[0] as number).toFixed(1)}\n\n${startupMarkdown(table)}`,
  );
} finally {
  await browser.close();
  await host.close();
}
