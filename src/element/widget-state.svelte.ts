/**
 * The state of one `<regime-widget>`: one key's feed (feed-state.svelte.ts), its sparkline's history
 * and its alert toasts, and the element's events. One instance per target; re-targeting makes a new
 * one, so nothing of an old target can show.
 */
import type { ConnectionChange, Mode, RegimeAlert, RegimeUpdate } from '../contract/types.js';
import type { FeedDiagnostics, FeedOptions } from '../feed/regime-feed.js';
import type { FeedTarget } from '../feed/target.js';
import { FeedState } from './feed-state.svelte.js';
import type { Visibility } from './on-screen.js';
import { SparkHistory } from './spark-history.svelte.js';
import { ToastList } from './toast-list.svelte.js';

/** The events the element dispatches, by name. */
export interface WidgetEvents {
  'regime-update': RegimeUpdate;
  'regime-alert': RegimeAlert;
  'regime-connection': ConnectionChange;
}

export interface WidgetStateOptions extends FeedOptions {
  onScreen: Visibility;
  emit: <K extends keyof WidgetEvents>(name: K, detail: WidgetEvents[K]) => void;
  /** Whether alerts show as toasts; read when an alert arrives. */
  toasts: () => boolean;
}

/**
 * @example
 * const view = new WidgetState({ target, pollInterval, history, sockets, rest, onScreen, emit, toasts: () => true });
 * $effect(() => view.start());
 */
export class WidgetState {
  readonly feed: FeedState;
  readonly history: SparkHistory;
  readonly toasts = new ToastList();

  constructor(options: WidgetStateOptions) {
    const { emit } = options;
    this.history = new SparkHistory(options.history);
    this.feed = new FeedState({
      ...options,
      render: () => this.history.commit(),
      listener: {
        update: (update) => {
          this.history.add(update);
          emit('regime-update', update);
        },
        history: (points) => {
          this.history.replace(points, this.feed.regime);
          this.feed.render();
        },
        alert: (alert) => {
          emit('regime-alert', alert);
          if (options.toasts()) this.toasts.show(alert);
        },
        mode: (change) => emit('regime-connection', change),
      },
    });
  }

  get target(): FeedTarget {
    return this.feed.target;
  }
  get mode(): Mode {
    return this.feed.mode;
  }
  /** The last accepted update, at once (the view catches up at its next render). */
  get regime(): RegimeUpdate | null {
    return this.feed.regime;
  }
  get diagnostics(): FeedDiagnostics {
    return this.feed.diagnostics;
  }

  /** Starts the feed; returns the stop, which also clears the toasts' timers (for `$effect`). */
  start(): () => void {
    const stop = this.feed.start();
    return () => {
      stop();
      this.toasts.dispose();
    };
  }
}
