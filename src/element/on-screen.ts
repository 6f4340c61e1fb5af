/**
 * Whether a widget is on screen, from one IntersectionObserver for every widget of the page (not one
 * each). Without IntersectionObserver (old browsers, jsdom) every widget counts as on screen.
 */
type Listener = (onScreen: boolean) => void;

/** How far outside the viewport a widget already counts as on screen: it is drawn before it scrolls in. */
export const ON_SCREEN_MARGIN = '200px';

const listeners = new WeakMap<Element, Listener>();
let observer: IntersectionObserver | undefined;

/**
 * Calls `listener` whenever `element` comes on or goes off screen; returns the stop (for `$effect`).
 * @example $effect(() => watchOnScreen(host, (seen) => (onScreen = seen)));
 */
export function watchOnScreen(element: Element, listener: Listener): () => void {
  if (typeof IntersectionObserver !== 'function') return () => undefined;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
    },
    { rootMargin: ON_SCREEN_MARGIN },
  );
  listeners.set(element, listener);
  observer.observe(element);
  return () => {
    observer?.unobserve(element);
    listeners.delete(element);
  };
}
