/**
 * When widgets render. An update that finds the page quiet (nothing rendered in the last frame)
 * renders at once, in a microtask. Otherwise it waits for the next animation frame. The page spends
 * at most RENDERS_PER_SECOND renders a second on widgets, shared fairly among the busy ones (those
 * that asked in the last second or are still waiting): a few busy widgets render every frame; a hundred render twice a
 * second each, their updates coalescing meanwhile (at 400, the page with a hundred widgets on screen
 * lost frames on two cores without a GPU: bench/README.md). A rate, not a time budget, because most
 * of a render's cost (Svelte's DOM flush, uPlot's draw, then layout, paint and the canvas commit)
 * comes after the job returns, where a budget timed around the jobs cannot see it.
 *
 * A widget off screen renders less than its share: at most every OFF_SCREEN_MS (its DOM stays
 * current for find-in-page and assistive technology), and only a few off-screen renders go into one
 * frame. Back on screen, its queued render runs in the next frame.
 *
 * Sparklines draw through a queue of their own with a lower rate (CHART_DRAWS_PER_SECOND): a line of
 * 120 points moves less per update than the numbers beside it. Off screen, it holds their draws
 * until the widget is seen.
 */
import type { Visibility } from './on-screen.js';

/** Renders a second the page spends on widgets at most. */
export const RENDERS_PER_SECOND = 200;
/** A frame, in milliseconds: rendering within this long counts as recent. */
export const FRAME_MS = 16;
/** A widget that asked to render within this long counts as busy. */
export const BUSY_MS = 1000;
/** An off-screen widget renders at most this often: the first update after a quiet spell at once. */
export const OFF_SCREEN_MS = 5000;
/** Off-screen renders in one frame at most: renders that fell due together spread over frames. */
export const OFF_SCREEN_PER_FRAME = 4;

/** A job's place in a queue: ask for a render, and leave for good. */
export interface RenderJob {
  /** Asks for a render; asked again before it runs, it runs once. */
  schedule(): void;
  /** Leaves the queue: queued or not, nothing of the job stays, and it follows its visibility no more. */
  dispose(): void;
}

/**
 * What a queue does with the jobs of an element off screen: `slow` renders them at most every
 * OFF_SCREEN_MS (the DOM stays current for find-in-page and assistive technology), `hold` keeps
 * them until the element is seen (a chart nobody sees need not be drawn).
 */
export type OffScreenPolicy = 'slow' | 'hold';

export interface RenderQueueOptions {
  now?: () => number;
  requestFrame?: (callback: () => void) => void;
  microtask?: (callback: () => void) => void;
  /** Waits `ms` (off-screen renders that are not due yet); returns the cancel. */
  timer?: (callback: () => void, ms: number) => () => void;
  rendersPerSecond?: number;
  offScreen?: OffScreenPolicy;
}

export class RenderQueue {
  readonly #jobs = new Set<() => void>();
  /** When each busy job last asked, and when each job last ran. */
  readonly #asked = new Map<() => void, number>();
  readonly #ran = new WeakMap<() => void, number>();
  readonly #offScreen = new WeakSet<() => void>();
  readonly #now: () => number;
  readonly #requestFrame: (callback: () => void) => void;
  readonly #microtask: (callback: () => void) => void;
  readonly #timer: (callback: () => void, ms: number) => () => void;
  readonly #rendersPerSecond: number;
  readonly #offScreenPolicy: OffScreenPolicy;
  /** A flush is coming: in a microtask or the next frame. */
  #pending = false;
  /** Only off-screen jobs wait, and none is due before this timer. */
  #cancelTimer: (() => void) | undefined;
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
    this.#timer =
      options.timer ??
      ((callback, ms) => {
        const id = setTimeout(callback, ms);
        return () => clearTimeout(id);
      });
    this.#rendersPerSecond = options.rendersPerSecond ?? RENDERS_PER_SECOND;
    this.#offScreenPolicy = options.offScreen ?? 'slow';
  }

  /**
   * Registers `run` as a job of an element whose visibility is `visibility`: off screen, the job is
   * rendered as the queue's OffScreenPolicy says.
   * @example
   * const job = renderQueue.register(commit, onScreen);
   * job.schedule(); // at each update; on dispose: job.dispose()
   */
  register(run: () => void, visibility?: Visibility): RenderJob {
    // A fresh function per registration: the queue's bookkeeping is keyed by it.
    const job = () => run();
    const hold = this.#offScreenPolicy === 'hold';
    /** Held back while off screen (the `hold` policy), to be rendered when seen. */
    let held = false;
    const follow = (seen: boolean) => {
      if (!hold) this.setOnScreen(job, seen);
      else if (seen && held) {
        held = false;
        this.schedule(job);
      }
    };
    if (visibility && !visibility.seen) follow(false);
    const unlisten = visibility?.listen(follow);
    return {
      schedule: () => {
        if (hold && visibility && !visibility.seen) held = true;
        else this.schedule(job);
      },
      dispose: () => {
        unlisten?.();
        this.forget(job);
      },
    };
  }

  /** Jobs waiting to run. */
  get size(): number {
    return this.#jobs.size;
  }

  /**
   * Queues `job`; the same job queued again before it runs runs once (and costs nothing: a widget
   * asks once per update). `forget` takes it back.
   * @example renderQueue.schedule(commit); // on dispose: renderQueue.forget(commit)
   */
  schedule(job: () => void): void {
    if (this.#jobs.has(job)) return;
    const now = this.#now();
    this.#jobs.add(job);
    this.#asked.set(job, now);
    if (!this.#offScreen.has(job)) this.#request(now);
    // The timer may be set for a later job: this one may be due sooner (or at once).
    else if (!this.#pending) this.#wait(now);
  }

  /**
   * Says whether a job's widget is on screen (all are, until told otherwise). Off screen, it renders
   * at most every OFF_SCREEN_MS; back on screen, a render it has queued runs in the next frame.
   */
  setOnScreen(job: () => void, onScreen: boolean): void {
    if (onScreen !== this.#offScreen.has(job)) return;
    if (!onScreen) {
      this.#offScreen.add(job);
      return;
    }
    this.#offScreen.delete(job);
    if (this.#jobs.has(job)) {
      this.#ran.delete(job);
      this.#request(this.#now());
    }
  }

  /** Drops a job for good (its widget is gone): queued or not, nothing of it stays. */
  forget(job: () => void): void {
    this.#jobs.delete(job);
    this.#asked.delete(job);
    this.#offScreen.delete(job);
  }

  /** A flush at once (a microtask) on a quiet page, else in the next frame. */
  #request(now: number): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#pending) return;
    this.#pending = true;
    if (now >= this.#quietAfter) this.#microtask(this.#flush);
    else this.#requestFrame(this.#flush);
  }

  /** Only off-screen jobs wait: a timer until the first of them is due, not a frame after frame. */
  #wait(now: number): void {
    this.#cancelTimer?.();
    let due = Infinity;
    for (const job of this.#jobs) due = Math.min(due, (this.#ran.get(job) ?? -Infinity) + OFF_SCREEN_MS);
    this.#cancelTimer = this.#timer(
      () => {
        this.#cancelTimer = undefined;
        this.#pending = true;
        this.#requestFrame(this.#flush);
      },
      Math.max(0, due - now),
    );
  }

  readonly #flush = (): void => {
    this.#pending = false;
    const now = this.#now();
    // Busy: asked within BUSY_MS, or still waiting (an off-screen job asks once and waits).
    for (const [job, at] of this.#asked)
      if (now - at > BUSY_MS && !this.#jobs.has(job)) this.#asked.delete(job);
    // Each busy widget's fair share of the page's renders, as the time between two of its renders.
    const interval = (this.#asked.size * 1000) / this.#rendersPerSecond;
    let offScreenRuns = 0;
    let onScreenLeft = false;
    for (const job of this.#jobs) {
      const offScreen = this.#offScreen.has(job);
      const wait = offScreen ? Math.max(interval, OFF_SCREEN_MS) : interval;
      if (
        now - (this.#ran.get(job) ?? -Infinity) < wait ||
        (offScreen && offScreenRuns >= OFF_SCREEN_PER_FRAME)
      ) {
        onScreenLeft ||= !offScreen;
        continue;
      }
      if (offScreen) offScreenRuns++;
      this.#jobs.delete(job);
      this.#ran.set(job, now);
      try {
        job();
      } catch (error) {
        // One widget's failure must not stop the others' renders: report it as uncaught, later.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    this.#quietAfter = this.#now() + FRAME_MS;
    if (this.#jobs.size === 0) return;
    if (onScreenLeft || offScreenRuns >= OFF_SCREEN_PER_FRAME) {
      this.#pending = true;
      this.#requestFrame(this.#flush);
    } else this.#wait(now);
  };
}

/** The page's queue, shared by every widget of this script. */
export const renderQueue = new RenderQueue();

/** Sparkline draws a second the page spends at most: a chart moves less per update than the numbers. */
export const CHART_DRAWS_PER_SECOND = 100;

/** The page's queue of sparkline draws. */
export const chartQueue = new RenderQueue({ rendersPerSecond: CHART_DRAWS_PER_SECOND, offScreen: 'hold' });
