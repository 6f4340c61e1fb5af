/**
 * Registers `<regime-widget>` and `<regime-signals>` once: loading the script twice, or two copies
 * of it, is harmless.
 */
import type {
  RegimeSignalsElement as RegimeSignalsApi,
  RegimeSignalsElementConstructor,
  RegimeWidgetElement as RegimeWidgetApi,
  RegimeWidgetElementConstructor,
} from './element/api.js';
import RegimeSignals from './element/RegimeSignals.svelte';
import RegimeWidget from './element/RegimeWidget.svelte';

export const TAG = 'regime-widget';
export const SIGNALS_TAG = 'regime-signals';

/** The element's class, as Svelte compiled it; `undefined` where there is no DOM (Node, a server render). */
export const RegimeWidgetElement = (RegimeWidget as unknown as { element: RegimeWidgetElementConstructor })
  .element;
/** A `<regime-widget>` element. */
export type RegimeWidgetElement = RegimeWidgetApi;

/** `<regime-signals>`'s class; `undefined` where there is no DOM. */
export const RegimeSignalsElement = (RegimeSignals as unknown as { element: RegimeSignalsElementConstructor })
  .element;
/** A `<regime-signals>` element. */
export type RegimeSignalsElement = RegimeSignalsApi;

/**
 * Defines `<regime-widget>` and `<regime-signals>` in `registry`, each unless it is defined there
 * already. The package's entry calls it on import; call it again for another registry (a scoped
 * registry, an iframe's window).
 */
export function define(registry: CustomElementRegistry | undefined = globalThis.customElements): void {
  if (!registry) return;
  for (const [tag, element] of [
    [TAG, RegimeWidgetElement],
    [SIGNALS_TAG, RegimeSignalsElement],
  ] as const) {
    if (registry.get(tag)) continue;
    try {
      registry.define(tag, element);
    } catch (error) {
      // Another copy won a race between get() and define(); that copy serves the page.
      if (!(error instanceof DOMException && error.name === 'NotSupportedError')) throw error;
    }
  }
}
