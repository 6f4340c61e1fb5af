/**
 * The host's custom states (`ElementInternals.states`, Baseline 2024): the mode, and `stale` while
 * the data shown is old, so a page styles the widget by mode from outside its shadow root:
 * `regime-widget:state(offline) { opacity: 0.6 }`. Browsers without them ignore this.
 */
import type { Mode } from '../contract/types.js';

const internals = new WeakMap<HTMLElement, ElementInternals>();

function add(states: CustomStateSet, name: string): void {
  try {
    states.add(name);
  } catch {
    // Chromium before 125 knew only the dashed form, `:--live`.
    states.add(`--${name}`);
  }
}

/**
 * Sets the host's states to `mode`, and `stale` when `stale` is true.
 * @example $effect(() => showStates(host, mode, stale !== null));
 */
export function showStates(host: HTMLElement, mode: Mode, stale: boolean): void {
  let own = internals.get(host);
  if (!own) {
    try {
      own = host.attachInternals();
    } catch {
      // Attached already by someone else, or no custom element support for it: no states.
      return;
    }
    internals.set(host, own);
  }
  const states = own.states as CustomStateSet | undefined;
  if (!states) return;
  states.clear();
  add(states, mode);
  if (stale) add(states, 'stale');
}
