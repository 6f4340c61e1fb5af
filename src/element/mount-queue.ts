/**
 * When widgets mount: not all in the task that parsed them, which would block the host page for as
 * long as every card and chart together take, but a slice at a time (SLICE_MS), yielding to the
 * page between slices (a timer: `yieldToPage`). After the first slice, whose mounts have sent their
 * first requests, a task of its own does what the first data would otherwise do once for the page
 * and at length (`first`), while the answers travel. Cards on screen
 * mount first, then their charts, then the cards off screen, in page order; a chart off screen
 * waits to be seen (Sparkline.svelte).
 */

import { formatAdx, formatTime } from './i18n.js';

/** A mount; a promise says when it is done (Svelte mounts a custom element in a microtask). */
export type MountJob = () => unknown;

/** Work a slice does before it yields; a job longer than this still runs whole. */
export const SLICE_MS = 8;
/** How far outside the viewport an element already counts as on screen, as ON_SCREEN_MARGIN. */
const MARGIN_PX = 200;

export interface MountQueueOptions {
  /** Gives the page a turn (input, rendering) and resolves after it. */
  yieldToPage?: () => Promise<void>;
  now?: () => number;
  /** Whether an element is on screen now; read once per element, all of a slice's at once. */
  onScreen?: (element: Element) => boolean;
  /** Runs once, in a task of its own after the first slice: work the page's first render of data needs done once. */
  first?: () => unknown;
}

interface Entry {
  element: Element;
  run: MountJob;
  seen?: boolean;
}

/**
 * A task later, behind what is already queued: not `scheduler.yield()`, whose continuations run
 * ahead of other tasks, the REST answers included, so the first data waited for every queued mount
 * (bench/README.md, start-up).
 */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

/** Whether the element's box meets the viewport's height, widened by MARGIN_PX (pages scroll down). */
export function inViewport(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.bottom >= -MARGIN_PX && box.top <= innerHeight + MARGIN_PX;
}

export class MountQueue {
  readonly #entries: Entry[] = [];
  readonly #yield: () => Promise<void>;
  readonly #now: () => number;
  readonly #onScreen: (element: Element) => boolean;
  #first: (() => unknown) | undefined;
  /** Something arrived since the last sort. */
  #unsorted = false;
  #draining = false;

  constructor(options: MountQueueOptions = {}) {
    this.#yield = options.yieldToPage ?? yieldToPage;
    this.#now = options.now ?? (() => performance.now());
    this.#onScreen = options.onScreen ?? inViewport;
    this.#first = options.first;
  }

  /**
   * Queues `run`, the mount of `element`, for a later task; returns the cancel (the element left
   * before its turn).
   * @example const cancel = mountQueue.enqueue(host, () => mountCard(host));
   */
  enqueue(element: Element, run: MountJob): () => void {
    const entry: Entry = { element, run };
    this.#entries.push(entry);
    this.#unsorted = true;
    if (!this.#draining) void this.#drain();
    return () => {
      const at = this.#entries.indexOf(entry);
      if (at >= 0) this.#entries.splice(at, 1);
    };
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#entries.length > 0) {
        await this.#yield();
        const started = this.#now();
        for (let entry = this.#next(); entry; entry = this.#next()) {
          try {
            await entry.run();
          } catch (error) {
            // One widget's failure must not stop the others' mounts: report it as uncaught.
            reportError(error);
          }
          if (this.#now() - started >= SLICE_MS) break;
        }
        if (this.#first) {
          await this.#yield();
          this.#first();
          this.#first = undefined;
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /** The next mount: the queue sorted again if something arrived (a chart its card just queued). */
  #next(): Entry | undefined {
    if (this.#unsorted) this.#sort();
    return this.#entries.shift();
  }

  /**
   * On screen first, then arrival order (a chart arrives when its card mounts: after the cards on
   * screen, before those off screen); visibility read in one pass (one layout).
   */
  #sort(): void {
    this.#unsorted = false;
    for (const entry of this.#entries) entry.seen ??= this.#onScreen(entry.element);
    // A stable sort: the entries, in arrival order within each group before, stay so.
    this.#entries.sort((a, b) => Number(!a.seen) - Number(!b.seen));
  }
}

/**
 * The page's queue, shared by every element of this script. The task after its first slice makes
 * the page's first `Intl` formatters: Chromium's first number format starts ICU, about 30 ms of CPU
 * whatever the locale, and its first date format about 6 more (bench/README.md, start-up). Made
 * inside the first mount, they were half of one long task; made before it, they held back the first
 * requests by as long; made when the first answer renders, they would make that task long. Mounts
 * format nothing (a card waiting for data shows no number), and an answer takes longer than a timer
 * to arrive. Later formatters, any locale's, cost a fraction of a ms.
 */
export const mountQueue = new MountQueue({ first: () => formatAdx('en', 0) + formatTime('en', 0) });
