/**
 * Whether an element is on screen, from one IntersectionObserver for every element of the page (not
 * one each). One `OnScreen` per element, read by everything that renders for it: its render-queue
 * registrations (render-queue.ts) and its sparkline. Without IntersectionObserver (old browsers,
 * jsdom) every element counts as on screen.
 */
type Listener = (onScreen: boolean) => void;

/** How far outside the viewport an element already counts as on screen: it is drawn before it scrolls in. */
export const ON_SCREEN_MARGIN = '200px';

const watchers = new WeakMap<Element, Listener>();
let observer: IntersectionObserver | undefined;

/** What a renderer needs to know of its element's visibility. */
export interface Visibility {
  /** On screen now (true until told otherwise). */
  readonly seen: boolean;
  /** Calls `listener` at each change; returns the undo. */
  listen(listener: Listener): () => void;
}

/**
 * One element's visibility. Not a rune: what renders for the element listens to it.
 * @example
 * const onScreen = new OnScreen();
 * $effect(() => onScreen.watch(host));
 * const job = renderQueue.register(commit, onScreen);
 */
export class OnScreen implements Visibility {
  #seen = true;
  readonly #listeners = new Set<Listener>();

  get seen(): boolean {
    return this.#seen;
  }

  listen(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Follows `element` through the page's one observer; returns the stop (for `$effect`). */
  watch(element: Element): () => void {
    if (typeof IntersectionObserver !== 'function') return () => undefined;
    observer ??= new IntersectionObserver(
      (entries) => {
        for (const entry of entries) watchers.get(entry.target)?.(entry.isIntersecting);
      },
      { rootMargin: ON_SCREEN_MARGIN },
    );
    watchers.set(element, (seen) => this.#set(seen));
    observer.observe(element);
    return () => {
      observer?.unobserve(element);
      watchers.delete(element);
    };
  }

  #set(seen: boolean): void {
    if (seen === this.#seen) return;
    this.#seen = seen;
    for (const listener of [...this.#listeners]) listener(seen);
  }
}
