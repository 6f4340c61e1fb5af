/**
 * The element's state: a `RegimeFeed` turned into runes, plus the sparkline's history and the
 * alert toasts. One instance per target; re-targeting makes a new one, so nothing of an old
 * target can show.
 */
import type { ConnectionChange, Mode, RegimeAlert, RegimePoint, RegimeUpdate } from '../contract/types.js';
import { timestampMs } from '../contract/validate.js';
import type { Logger } from '../feed/logger.js';
import { RegimeFeed, type FeedDiagnostics } from '../feed/regime-feed.js';
import type { FeedTarget } from '../feed/target.js';
import type { RestHub } from '../feed/rest-hub.js';
import { RingBuffer } from '../feed/ring-buffer.js';
import { renderQueue } from './render-queue.js';
import type { SocketHub } from '../feed/socket-hub.js';

/** One point of the sparkline: epoch seconds and ADX. */
export interface SparkPoint {
  t: number;
  adx: number;
}

export interface Toast {
  id: number;
  alert: RegimeAlert;
}

/** The events the element dispatches, by name. */
export interface WidgetEvents {
  'regime-update': RegimeUpdate;
  'regime-alert': RegimeAlert;
  'regime-connection': ConnectionChange;
}

export interface WidgetStateOptions {
  target: FeedTarget;
  pollInterval: number;
  history: number;
  sockets: SocketHub;
  rest: RestHub;
  logger: Logger;
  emit: <K extends keyof WidgetEvents>(name: K, detail: WidgetEvents[K]) => void;
  /** Whether alerts show as toasts; read when an alert arrives. */
  toasts: () => boolean;
}

/** How long a toast stays before it goes by itself. */
export const TOAST_MS = 8000;
/** Toasts shown at once; an older one leaves for a newer one. */
export const MAX_TOASTS = 3;

let nextToastId = 1;

function toPoint(point: RegimePoint): SparkPoint {
  return { t: (timestampMs(point.timestamp) as number) / 1000, adx: point.adx };
}

export class WidgetState {
  readonly #feed: RegimeFeed;
  readonly #options: WidgetStateOptions;
  readonly #history: RingBuffer<SparkPoint>;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- timers are bookkeeping, never rendered.
  readonly #toastTimers = new Map<number, ReturnType<typeof setTimeout>>();
  #mode = $state<Mode>('connecting');
  #reason = $state<string | undefined>();
  /** What the view shows: the newest update as of the last render. */
  #shown = $state.raw<RegimeUpdate | null>(null);
  #lastConfirmedAt = $state<number | null>(null);
  #historyVersion = $state(0);
  /** The history changed since the last render. */
  #historyDirty = false;
  #toasts = $state.raw<Toast[]>([]);

  constructor(options: WidgetStateOptions) {
    this.#options = options;
    this.#history = new RingBuffer(options.history);
    this.#feed = new RegimeFeed(
      {
        target: options.target,
        pollInterval: options.pollInterval,
        history: options.history,
        sockets: options.sockets,
        rest: options.rest,
        logger: options.logger,
      },
      {
        update: (update) => this.#onUpdate(update),
        history: (points) => this.#onHistory(points),
        alert: (alert) => this.#onAlert(alert),
        mode: (change) => this.#onMode(change),
        // The feed keeps the time; the runes take it at the next render.
        confirmed: () => this.#render(),
      },
    );
  }

  get target(): FeedTarget {
    return this.#options.target;
  }
  get pollInterval(): number {
    return this.#options.pollInterval;
  }
  get mode(): Mode {
    return this.#mode;
  }
  /** Why the mode is what it is (an error message, `subscribed`), when known. */
  get reason(): string | undefined {
    return this.#reason;
  }
  /** The last accepted update, at once (the view catches up at its next render). */
  get regime(): RegimeUpdate | null {
    return this.#feed.regime;
  }
  /** The update the view shows; changes at most once per render. */
  get shown(): RegimeUpdate | null {
    return this.#shown;
  }
  get lastConfirmedAt(): number | null {
    return this.#lastConfirmedAt;
  }
  /** The sparkline's points, oldest first; read `historyVersion` to follow changes. */
  get history(): RingBuffer<SparkPoint> {
    return this.#history;
  }
  get historyVersion(): number {
    return this.#historyVersion;
  }
  get toasts(): Toast[] {
    return this.#toasts;
  }
  get diagnostics(): FeedDiagnostics {
    return this.#feed.diagnostics;
  }
  /** Off screen, the view renders at most every five seconds (render-queue.ts); back on screen, at once. */
  set onScreen(onScreen: boolean) {
    renderQueue.setOnScreen(this.#commit, onScreen);
  }

  start(): void {
    this.#feed.start();
  }

  dispose(): void {
    this.#feed.dispose();
    renderQueue.forget(this.#commit);
    for (const timer of this.#toastTimers.values()) clearTimeout(timer);
    this.#toastTimers.clear();
  }

  dismiss(id: number): void {
    clearTimeout(this.#toastTimers.get(id));
    this.#toastTimers.delete(id);
    this.#toasts = this.#toasts.filter((toast) => toast.id !== id);
  }

  #onUpdate(update: RegimeUpdate): void {
    const point = toPoint(update);
    const last = this.#history.last;
    if (!last || point.t > last.t) {
      this.#history.push(point);
      this.#historyDirty = true;
    }
    this.#render();
    this.#options.emit('regime-update', update);
  }

  /** Commits what changed to the runes, at once or at a coming frame (render-queue.ts): one render however many updates came meanwhile. */
  #render(): void {
    renderQueue.schedule(this.#commit);
  }

  readonly #commit = (): void => {
    this.#shown = this.#feed.regime;
    this.#lastConfirmedAt = this.#feed.lastConfirmedAt;
    if (this.#historyDirty) {
      this.#historyDirty = false;
      this.#historyVersion++;
    }
  };

  #onHistory(points: RegimePoint[]): void {
    const current = this.#feed.regime;
    this.#history.clear();
    for (const point of points) this.#history.push(toPoint(point));
    // The current reading may be newer than the history's end: keep it at the end.
    if (current) {
      const point = toPoint(current);
      const last = this.#history.last;
      if (!last || point.t > last.t) this.#history.push(point);
    }
    this.#historyDirty = true;
    this.#render();
  }

  #onAlert(alert: RegimeAlert): void {
    this.#options.emit('regime-alert', alert);
    if (!this.#options.toasts()) return;
    const toast: Toast = { id: nextToastId++, alert };
    const kept = this.#toasts.slice(-(MAX_TOASTS - 1));
    for (const old of this.#toasts) if (!kept.includes(old)) this.dismiss(old.id);
    this.#toasts = [...kept, toast];
    this.#toastTimers.set(
      toast.id,
      setTimeout(() => this.dismiss(toast.id), TOAST_MS),
    );
  }

  #onMode(change: ConnectionChange): void {
    this.#mode = change.mode;
    this.#reason = change.reason;
    this.#options.emit('regime-connection', change);
  }
}
