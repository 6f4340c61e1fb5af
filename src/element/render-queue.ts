/**
 * When widgets render. An update that finds the page quiet (nothing rendered in the last frame)
 * renders at once, in a microtask. Otherwise it waits for the next animation frame. The page spends
 * at most RENDERS_PER_SECOND renders a second on widgets, shared fairly among the busy ones (those
 * that asked in the last second): a few busy widgets render every frame; a hundred render every
 * quarter second each, their updates coalescing meanwhile. A rate, not a time budget, because most
 * of a render's cost (Svelte's DOM flush, uPlot's draw, then layout, paint and the canvas commit)
 * comes after the job returns, where a budget timed around the jobs cannot see it.
 */

/** Renders a second the page spends on widgets at most. */
export const RENDERS_PER_SECOND = 400;
/** A frame, in milliseconds: rendering within this long counts as recent. */
export const FRAME_MS = 16;
/** A widget that asked to render within this long counts as busy. */
export const BUSY_MS = 1000;

export interface RenderQueueOptions {
  now?: () => number;
  requestFrame?: (callback: () => void) => void;
  microtask?: (callback: () => void) => void;
  rendersPerSecond?: number;
}

export class RenderQueue {
  readonly #jobs = new Set<() => void>();
  /** When each busy job last asked, and when each job last ran. */
  readonly #asked = new Map<() => void, number>();
  readonly #ran = new WeakMap<() => void, number>();
  readonly #now: () => number;
  readonly #requestFrame: (callback: () => void) => void;
  readonly #microtask: (callback: () => void) => void;
  readonly #rendersPerSecond: number;
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
    this.#rendersPerSecond = options.rendersPerSecond ?? RENDERS_PER_SECOND;
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
    const now = this.#now();
    this.#jobs.add(job);
    this.#asked.set(job, now);
    if (!this.#pending) {
      this.#pending = true;
      if (now >= this.#quietAfter) this.#microtask(this.#flush);
      else this.#requestFrame(this.#flush);
    }
    return () => this.forget(job);
  }

  /** Drops a job for good (its widget is gone): queued or not, nothing of it stays. */
  forget(job: () => void): void {
    this.#jobs.delete(job);
    this.#asked.delete(job);
  }

  readonly #flush = (): void => {
    this.#pending = false;
    const now = this.#now();
    for (const [job, at] of this.#asked) if (now - at > BUSY_MS) this.#asked.delete(job);
    // Each busy widget's fair share of the page's renders, as the time between two of its renders.
    const interval = (this.#asked.size * 1000) / this.#rendersPerSecond;
    for (const job of this.#jobs) {
      if (now - (this.#ran.get(job) ?? -Infinity) < interval) continue;
      this.#jobs.delete(job);
      this.#ran.set(job, now);
      job();
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
