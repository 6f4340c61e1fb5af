/**
 * One-line breaks of promises the README makes, each with the tests that must catch it
 * (`npm run mutants`, run.ts). A mutation whose search text is gone fails the run: update it with
 * the code it follows. Most come from issue 19, where each once survived the whole suite.
 */
export interface Mutation {
  /** What the mutant breaks, in the README's words. */
  name: string;
  file: string;
  /** Text found exactly once in `file`, and what replaces it. */
  search: string;
  replace: string;
  /** Test files to run: vitest for test/{unit,element,integration,server,doctor}, Playwright for test/e2e. */
  tests: string[];
  /** Only the tests whose names match (vitest `-t`, Playwright `-g`), to keep a browser run short. */
  grep?: string;
  /** Builds the mutant first, for the tests that run dist/ (they refuse a stale build). */
  builds?: ('iife' | 'doctor')[];
}

export const MUTATIONS: Mutation[] = [
  {
    name: "socket.io-client's Manager retries on its own, in lock-step at its cap",
    file: 'src/feed/socket-io.ts',
    search: '  reconnection: false,',
    replace: '  reconnection: true,',
    tests: ['test/integration/backends.test.ts'],
    grep: 'Manager',
  },
  {
    name: 'socket retries at the cap are all exactly the cap (a herd after a restart)',
    file: 'src/feed/backoff.ts',
    search: '  return Math.round(ceiling / 2 + (random() * ceiling) / 2);',
    replace:
      '  return ceiling === policy.cap ? ceiling : Math.round(ceiling / 2 + (random() * ceiling) / 2);',
    tests: ['test/integration/backends.test.ts'],
    grep: 'Manager',
  },
  {
    name: 'REST retries lose their jitter',
    file: 'src/feed/rest-hub.ts',
    search: '{ base: REST_RETRY_BASE_MS, cap: interval }, this.#hub.random)',
    replace: '{ base: REST_RETRY_BASE_MS, cap: interval }, () => 1)',
    tests: ['test/unit/rest-hub.test.ts'],
  },
  {
    name: "a watcher's exception is swallowed by the shared poll",
    file: 'src/feed/rest-hub.ts',
    search: 'watcher.current(outcome);',
    replace: 'try { watcher.current(outcome); } catch { continue; }',
    tests: ['test/unit/rest-hub.test.ts'],
  },
  {
    name: 'an update not newer than the shown one is accepted (seen through the element)',
    file: 'src/feed/regime-feed.ts',
    search: '    if (ms <= this.#lastMs) return;',
    replace: '    if (ms < 0) return;',
    tests: ['test/element/element.test.ts'],
    grep: 'not newer',
  },
  {
    name: 'a REST history for another key is passed on',
    file: 'src/feed/regime-feed.ts',
    search: 'if (!outcome.ok || !this.#isOwn(outcome.value)) {',
    replace: 'if (!outcome.ok) {',
    tests: ['test/unit/regime-feed.test.ts'],
  },
  {
    name: 'toasts pile up without a cap',
    file: 'src/element/toast-list.svelte.ts',
    search: 'export const MAX_TOASTS = 3;',
    replace: 'export const MAX_TOASTS = 1000;',
    tests: ['test/element/toast-list.test.ts'],
  },
  {
    name: 'toasts never go by themselves',
    file: 'src/element/toast-list.svelte.ts',
    search: 'setTimeout(() => this.dismiss(toast.id), TOAST_MS)',
    replace: 'setTimeout(() => undefined, TOAST_MS)',
    tests: ['test/element/toast-list.test.ts'],
  },
  {
    name: 'ws-namespace, ws-path, poll-interval and history no longer re-target at run time',
    file: 'src/element/RegimeWidget.svelte',
    search: '{ symbol, timeframe, apiUrl, wsUrl, wsNamespace, wsPath, pollInterval, history },',
    replace:
      '{ symbol, timeframe, apiUrl, wsUrl, ...untrack(() => ({ wsNamespace, wsPath, pollInterval, history })) },',
    tests: ['test/element/element.test.ts'],
    grep: 're-targets',
  },
  {
    name: "the badge's tooltip does not show on hover",
    file: 'src/element/styles.css',
    search: '.badge-wrap:hover .tooltip,\n',
    replace: '',
    tests: ['test/e2e/a11y.spec.ts'],
    grep: 'hover',
    builds: ['iife'],
  },
  {
    name: 'an unknown label loses its neutral colour',
    file: 'src/element/styles.css',
    search: '  color: var(--_neutral);\n  overflow-wrap: anywhere;',
    replace: '  overflow-wrap: anywhere;',
    tests: ['test/e2e/theme.spec.ts'],
    grep: 'unknown label',
    builds: ['iife'],
  },
  {
    name: "the REST URL the doctor checks is not the widget's (seen through the built CLI)",
    file: 'src/feed/rest-hub.ts',
    search: 'new URLSearchParams({ symbol: key.symbol, timeframe: key.timeframe })',
    replace: 'new URLSearchParams({ symbol: key.symbol, timeframe: key.symbol })',
    tests: ['test/doctor/healthy.test.ts'],
    builds: ['doctor'],
  },
  // Caught when issue 19 was filed; kept so that a refactor shows they still are.
  {
    name: 'a refused default namespace never falls back to /',
    file: 'src/feed/socket-hub.ts',
    search: 'const movers = [...from.members].filter((member) => !member.target.namespaceExplicit);',
    replace: 'const movers = [...from.members].filter(() => false);',
    tests: ['test/unit/socket-hub.test.ts'],
  },
  {
    name: 'a socket failure is warned on every retry, not once per outage',
    file: 'src/feed/socket-connection.ts',
    search: '    if (!this.#warned) {',
    replace: '    if (true) {',
    tests: ['test/unit/socket-connection.test.ts', 'test/unit/socket-hub.test.ts'],
  },
  {
    name: 'losing the socket waits for the next poll instead of refreshing REST at once',
    file: 'src/feed/regime-feed.ts',
    search: '      if (wasLive) this.#rest?.refresh();',
    replace: '      if (wasLive) void 0;',
    tests: ['test/unit/regime-feed.test.ts'],
  },
  {
    name: 'recovering from REST to live refetches no history',
    file: 'src/feed/regime-feed.ts',
    search: '          this.#rest?.loadHistory(this.#options.history);',
    replace: '          void 0;',
    tests: ['test/unit/regime-feed.test.ts'],
  },
];
