/**
 * When widgets render. An update that finds the page quiet (nothing rendered in the last frame)
 * renders at once, in a microtask. Otherwise it waits for the next animation frame, where queued
 * widgets render oldest first until the frame's budget is spent; the rest wait for the frame after,
 * their updates coalescing meanwhile. So one widget shows each update within a millisecond or two,
 * and a hundred busy widgets take at most a quarter of each frame, leaving the rest to the page.
 */

/** Milliseconds of rendering per frame, for all widgets together. */
export const FRAME_BUDGET_MS = 4;
/** A frame, in milliseconds: rendering within this long counts as recent. */
export const FRAME_MS = 16;

export interface RenderQueueOptions {
  now?: () => number;
  requestFrame?: (callback: () => void) => void;
  microtask?: (callback: () => void) => void;
  budgetMs?: number;
}

export class RenderQueue {
  readonly #jobs = new Set<() => void>();
  readonly #now: () => number;
  readonly #requestFrame: (callback: () => void) => void;
  readonly #microtask: (callback: () => void) => void;
  readonly #budgetMs: number;
  #pending = false;
  #quietAfter = -Infinity;

  constructor(options: RenderQueueOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#requestFrame =
      options.requestFrame ??
      ((callback) =>
        typeof requestAnimationFrame === 'function'
          ? requestAnimationFrame(callback)
          : setTimeout(callback, FRAME_MS));
    this.#microtask = options.microtask ?? ((callback) => queueMicrotask(callback));
    this.#budgetMs = options.budgetMs ?? FRAME_BUDGET_MS;
  }

  /** Jobs waiting to run. */
  get size(): number {
    return this.#jobs.size;
  }

  /**
   * Queues `job`; the same job queued again before it runs runs once. Returns the cancel.
   * @example const cancel = renderQueue.schedule(commit); // later, on dispose: cancel()
   */
  schedule(job: () => void): () => void {
    this.#jobs.add(job);
    if (!this.#pending) {
      this.#pending = true;
      if (this.#now() >= this.#quietAfter) this.#microtask(this.#flush);
      else this.#requestFrame(this.#flush);
    }
    return () => this.#jobs.delete(job);
  }

  readonly #flush = (): void => {
    this.#pending = false;
    const start = this.#now();
    for (const job of this.#jobs) {
      this.#jobs.delete(job);
      job();
      if (this.#now() - start >= this.#budgetMs) break;
    }
    this.#quietAfter = this.#now() + FRAME_MS;
    if (this.#jobs.size > 0) {
      this.#pending = true;
      this.#requestFrame(this.#flush);
    }
  };
}

/** The page's queue, shared by every widget of this script. */
export const renderQueue = new RenderQueue();
