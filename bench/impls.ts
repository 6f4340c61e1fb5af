/**
 * The two implementations every figure is measured on, and the pages that embed them: the same
 * attributes, the same grid, only the tag and the script differ.
 */
import type { SubscriptionKey } from '../src/contract/index.js';
import { probeScript } from './instrument.js';

export type ImplName = 'ours' | 'naive';

export interface Impl {
  name: ImplName | 'text';
  tag: string;
  /** Where the page host serves its bundle. */
  script: string;
}

export const IMPLS: readonly (Impl & { name: ImplName })[] = [
  { name: 'ours', tag: 'regime-widget', script: '/regime-widget.js' },
  { name: 'naive', tag: 'naive-regime-widget', script: '/naive-widget.js' },
];

/** The start-up figures' baseline: the same contract as text only, no chart, no Svelte (naive/text-widget.ts). */
export const TEXT_ONLY: Impl = { name: 'text', tag: 'text-regime-widget', script: '/text-widget.js' };

/** The 32 keys the pages of many widgets cover, as the tests use them too. */
export { BURST_KEYS as KEYS } from '../server/src/burst.js';

export interface WidgetOptions {
  key: SubscriptionKey;
  apiUrl?: string;
  wsUrl?: string;
  pollInterval?: number;
  history?: number;
}

export function widgetMarkup(impl: Impl, options: WidgetOptions): string {
  const attrs: Record<string, string | number | undefined> = {
    symbol: options.key.symbol,
    timeframe: options.key.timeframe,
    'api-url': options.apiUrl,
    'ws-url': options.wsUrl,
    'poll-interval': options.pollInterval,
    history: options.history,
  };
  const list = Object.entries(attrs)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}="${value}"`)
    .join(' ');
  return `<${impl.tag} ${list}></${impl.tag}>`;
}

/** `count` widgets over `keys` in turn, in a grid of 200 px columns. */
export function grid(
  impl: Impl,
  count: number,
  keys: readonly SubscriptionKey[],
  options: Omit<WidgetOptions, 'key'>,
): string {
  const widgets: string[] = [];
  for (let i = 0; i < count; i++)
    widgets.push(widgetMarkup(impl, { ...options, key: keys[i % keys.length] as SubscriptionKey }));
  return widgets.join('\n');
}

/**
 * A page that loads the implementation's bundle, marks when it ran, then shows `body`. With `probe`,
 * the page sets up the benchmark's probe itself (instrument.ts), for drivers without init scripts.
 */
export function pageHtml(impl: Impl, body: string, options: { probe?: boolean } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
<style>body { margin: 0; display: grid; grid-template-columns: repeat(10, 200px); }</style>
${options.probe ? `<script>${probeScript()}</script>` : ''}
<script src="${impl.script}"></script>
<script>performance.mark('script-ran')</script>
</head><body>
${body}
</body></html>`;
}
