/**
 * Registers `<regime-widget>` once: loading the script twice, or two copies of it, is harmless.
 */
import type {
  RegimeWidgetElement as RegimeWidgetApi,
  RegimeWidgetElementConstructor,
} from './element/api.js';
import RegimeWidget from './element/RegimeWidget.svelte';

export const TAG = 'regime-widget';

/** The element's class, as Svelte compiled it; `undefined` where there is no DOM (Node, a server render). */
export const RegimeWidgetElement = (RegimeWidget as unknown as { element: RegimeWidgetElementConstructor })
  .element;
/** A `<regime-widget>` element. */
export type RegimeWidgetElement = RegimeWidgetApi;

/**
 * Defines `<regime-widget>` in `registry` unless it is defined there already. The package's entry
 * calls it on import; call it again for another registry (a scoped registry, an iframe's window).
 */
export function define(registry: CustomElementRegistry | undefined = globalThis.customElements): void {
  if (!registry || registry.get(TAG)) return;
  try {
    registry.define(TAG, RegimeWidgetElement);
  } catch (error) {
    // Another copy won a race between get() and define(); that copy serves the page.
    if (!(error instanceof DOMException && error.name === 'NotSupportedError')) throw error;
  }
}
