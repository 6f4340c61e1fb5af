/**
 * What the benchmark counts inside the page: accepted updates (the `regime-update` event both
 * implementations dispatch), animation frames, long tasks, and when the first data reached the DOM.
 * Installed before the page's own scripts run; the functions are serialized into the page.
 */
import type { Page } from '@playwright/test';

export interface Probe {
  updates: number;
  frames: number;
  longTasks: { start: number; duration: number }[];
  /** performance.now() of the first `regime-update`, and of the first ADX value in a shadow root. */
  firstEventAt: number | null;
  firstDomAt: number | null;
  /** ADX texts as the DOM showed them, with performance.timeOrigin + performance.now(). */
  shown: { text: string; at: number }[];
  /** performance.now() of each widget's first `regime-update`, and of its first change to `live`. */
  dataAt: number[];
  liveAt: number[];
}

/** The init script: sets up `window.__probe`. */
export function instrument(): void {
  const probe: Probe = {
    updates: 0,
    frames: 0,
    longTasks: [],
    firstEventAt: null,
    firstDomAt: null,
    shown: [],
    dataAt: [],
    liveAt: [],
  };
  (window as unknown as { __probe: Probe }).__probe = probe;
  const shows = (host: Element) => {
    const text = host.shadowRoot?.querySelector('[data-value=adx]')?.textContent?.trim();
    if (!text) return false;
    probe.firstDomAt ??= performance.now();
    return true;
  };
  const hadData = new WeakSet<EventTarget>();
  const wasLive = new WeakSet<EventTarget>();
  document.addEventListener(
    'regime-connection',
    (event) => {
      const target = event.target as EventTarget;
      if ((event as CustomEvent<{ mode: string }>).detail.mode !== 'live' || wasLive.has(target)) return;
      wasLive.add(target);
      probe.liveAt.push(performance.now());
    },
    true,
  );
  document.addEventListener(
    'regime-update',
    (event) => {
      probe.updates++;
      if (!hadData.has(event.target as EventTarget)) {
        hadData.add(event.target as EventTarget);
        probe.dataAt.push(performance.now());
      }
      if (probe.firstEventAt !== null) return;
      probe.firstEventAt = performance.now();
      const host = event.target as Element;
      if (shows(host) || !host.shadowRoot) return;
      const observer = new MutationObserver(() => shows(host) && observer.disconnect());
      observer.observe(host.shadowRoot, { subtree: true, childList: true, characterData: true });
    },
    true,
  );
  const frame = () => {
    probe.frames++;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** Records every change of the ADX text in the first widget's shadow root into `__probe.shown`. */
export function watchShown(tag: string): void {
  const probe = (window as unknown as { __probe: Probe }).__probe;
  const root = document.querySelector(tag)?.shadowRoot;
  if (!root) throw new Error(`no ${tag} with a shadow root`);
  let last = '';
  new MutationObserver(() => {
    const text = root.querySelector('[data-value=adx]')?.textContent?.trim() ?? '';
    if (text === last) return;
    last = text;
    probe.shown.push({ text, at: performance.timeOrigin + performance.now() });
  }).observe(root, { subtree: true, childList: true, characterData: true });
}

/**
 * The probe as a script for the page. tsx compiles with esbuild's keepNames, which wraps named
 * functions in `__name(...)`: the page gets a `__name` that does nothing.
 */
export function probeScript(): string {
  return `globalThis.__name ??= (fn) => fn; (${instrument.toString()})();`;
}

/** Installs the probe before any script of the page runs. */
export async function installProbe(page: Page): Promise<void> {
  await page.addInitScript({ content: probeScript() });
}
