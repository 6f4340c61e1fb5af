/**
 * One key's feed as a view reads it: a `RegimeFeed` whose mode and reason the view follows as runes,
 * and what the view shows of it (the update and its confirmation time) as of the last render. Renders
 * go through the page's render queue, registered with the element's visibility. An element holds one
 * per key it shows; several keys may share one element's visibility.
 */
import type { Mode, RegimeUpdate } from '../contract/types.js';
import {
  RegimeFeed,
  type FeedDiagnostics,
  type FeedListener,
  type FeedOptions,
} from '../feed/regime-feed.js';
import type { FeedTarget, Transport } from '../feed/target.js';
import type { Visibility } from './on-screen.js';
import { renderQueue, type RenderJob } from './render-queue.js';

export interface FeedStateOptions extends FeedOptions {
  /** The element's visibility: off screen, renders are rarer (render-queue.ts). */
  onScreen?: Visibility;
  /** Hears what the feed says, after this state took it. */
  listener?: FeedListener;
  /** More to commit at each render, with the shown update (a sparkline's history). */
  render?: () => void;
}

/**
 * @example
 * const btc = new FeedState({ target, pollInterval: 15000, history: 120, sockets, rest, onScreen });
 * $effect(() => btc.start()); // returns the stop
 * // in markup: btc.mode, btc.shown, btc.lastConfirmedAt
 */
export class FeedState {
  readonly #options: FeedStateOptions;
  readonly #feed: RegimeFeed;
  /** Counts the feed's changes of mode or reason: the feed keeps them, this rune says when to read them again. */
  #statusChanges = $state(0);
  #shown = $state.raw<RegimeUpdate | null>(null);
  #lastConfirmedAt = $state<number | null>(null);
  #job: RenderJob | undefined;

  constructor(options: FeedStateOptions) {
    this.#options = options;
    const listener = options.listener ?? {};
    this.#feed = new RegimeFeed(options, {
      update: (update, source) => {
        this.render();
        listener.update?.(update, source);
      },
      history: (points) => listener.history?.(points),
      alert: (alert) => listener.alert?.(alert),
      mode: (change) => listener.mode?.(change),
      status: () => {
        this.#statusChanges++;
        listener.status?.();
      },
      // The feed keeps the time; the rune takes it at the next render.
      confirmed: (at) => {
        this.render();
        listener.confirmed?.(at);
      },
    });
  }

  get target(): FeedTarget {
    return this.#options.target;
  }
  get pollInterval(): number {
    return this.#options.pollInterval;
  }
  get mode(): Mode {
    void this.#statusChanges;
    return this.#feed.mode;
  }
  /** Why the mode is what it is (`socket: websocket error`, `subscribed`), when known. */
  get reason(): string | undefined {
    void this.#statusChanges;
    return this.#feed.reason;
  }
  /** The reason in the error's own words, for a tooltip (`websocket error`). */
  get cause(): string | undefined {
    void this.#statusChanges;
    return this.#feed.cause;
  }
  /** Live, but the server has sent nothing for the key (regime-feed.ts, SILENT_AFTER_MS). */
  get silent(): boolean {
    void this.#statusChanges;
    return this.#feed.silent;
  }
  /** What carries the live socket: `websocket`, or `polling` when the WebSocket cannot pass. */
  get transport(): Transport | undefined {
    void this.#statusChanges;
    return this.#feed.transport;
  }
  /** The last accepted update, at once (the view catches up at its next render). */
  get regime(): RegimeUpdate | null {
    return this.#feed.regime;
  }
  /** The update the view shows; changes at most once per render. */
  get shown(): RegimeUpdate | null {
    return this.#shown;
  }
  /** When a source last confirmed the shown update (epoch ms), as of the last render. */
  get lastConfirmedAt(): number | null {
    return this.#lastConfirmedAt;
  }
  get diagnostics(): FeedDiagnostics {
    return this.#feed.diagnostics;
  }

  /** Starts the feed and joins the render queue; returns the stop, which undoes both (for `$effect`). */
  start(): () => void {
    this.#job = renderQueue.register(() => this.#commit(), this.#options.onScreen);
    this.#feed.start();
    return () => {
      this.#feed.dispose();
      this.#job?.dispose();
      this.#job = undefined;
    };
  }

  /** Commits what changed at once or at a coming frame (render-queue.ts): one render however many updates came meanwhile. */
  render(): void {
    this.#job?.schedule();
  }

  #commit(): void {
    this.#shown = this.#feed.regime;
    this.#lastConfirmedAt = this.#feed.lastConfirmedAt;
    this.#options.render?.();
  }
}
