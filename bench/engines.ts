/**
 * The figures the engines are compared on, side by side: first data with the socket's port closed,
 * and emit→DOM latency, ours only, measured by the same functions as the main table through the
 * engines' page interface (scripts/engines). Chromium's come from the main table's run.
 */
import { ENGINES, launchEngine, type EngineName } from '../scripts/engines/index.js';
import type { BenchContext } from './context.js';
import type { Impl } from './impls.js';
import { measureFirstData, type FirstDataResult } from './measure/first-data.js';
import { measureLatency, type LatencyResult } from './measure/latency.js';

export interface EngineFigures {
  /** Product and version, e.g. `Firefox 153.8.0`. */
  version: string;
  firstDataClosed: FirstDataResult;
  latency: LatencyResult;
}

export type EnginesResult = Record<EngineName, EngineFigures>;

/** Measures every engine but those already in `measured`. */
export async function measureEngines(
  ctx: BenchContext,
  impl: Impl,
  measured: Partial<EnginesResult>,
): Promise<EnginesResult> {
  const out: Partial<EnginesResult> = { ...measured };
  for (const name of ENGINES) {
    if (out[name]) continue;
    const start = performance.now();
    const engine = await launchEngine(name);
    try {
      out[name] = {
        version: engine.version,
        latency: await measureLatency(ctx, engine, impl),
        firstDataClosed: await measureFirstData(ctx, engine, impl, 'closed'),
      };
    } finally {
      await engine.close();
    }
    console.error(`  engines, ${name}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  return out as EnginesResult;
}

/** A Markdown table: one column per engine. */
export function enginesTable(result: EnginesResult): string {
  const rows: [string, (figures: EngineFigures) => number][] = [
    [
      'first data, socket port closed: median ms after the script ran (5 loads)',
      (f) => f.firstDataClosed.fromScriptMs,
    ],
    ['first data, socket port closed: worst ms', (f) => f.firstDataClosed.worstFromScriptMs],
    ['emit→DOM, 1 widget: median ms', (f) => f.latency.medianMs],
    ['emit→DOM, 1 widget: p95 ms', (f) => f.latency.p95Ms],
    ['emit→DOM, 1 widget: p99 ms', (f) => f.latency.p99Ms],
    ['emit→DOM, 1 widget: updates measured (of 330)', (f) => f.latency.samples],
  ];
  const header = ['figure', ...ENGINES.map((name) => result[name].version)];
  const lines = rows.map(([label, value]) => [
    label,
    ...ENGINES.map((name) => {
      const v = value(result[name]);
      return Number.isNaN(v)
        ? 'n/a'
        : v.toFixed(label.includes('updates') || label.includes('first') ? 0 : 1);
    }),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...lines].map((line) => line[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...lines.map(line)].join('\n');
}
