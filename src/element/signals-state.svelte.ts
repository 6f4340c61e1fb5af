/**
 * The state of one `<regime-signals>`: a feed per key (feed-state.svelte.ts) on the page's shared
 * hubs, the list of changes they report (signal-log.ts), and the mode the badge shows. One instance
 * per configuration; a new configuration makes a new one, so nothing of old keys can show.
 */
import type { Mode } from '../contract/types.js';
import type { FeedOptions } from '../feed/regime-feed.js';
import { SignalLog, type RegimeSignal } from '../feed/signal-log.js';
import type { FeedTarget } from '../feed/target.js';
import { FeedState } from './feed-state.svelte.js';
import type { Visibility } from './on-screen.js';

export interface SignalsStateOptions extends Omit<FeedOptions, 'target'> {
  targets: FeedTarget[];
  limit: number;
  onScreen: Visibility;
  /** A new live row (the `regime-signal` event). */
  emit: (signal: RegimeSignal) => void;
}

/** The modes from best to worst: the badge shows the worst of the keys'. */
const RANK: Mode[] = ['live', 'connecting', 'polling', 'offline'];

/**
 * @example
 * const view = new SignalsState({ targets, limit: 20, pollInterval, history: 120, sockets, rest, onScreen, emit });
 * $effect(() => view.start());
 * // in markup: view.signals, view.latest, view.lead.mode
 */
export class SignalsState {
  readonly feeds: FeedState[];
  #signals = $state.raw<readonly RegimeSignal[]>([]);
  #latest = $state.raw<RegimeSignal | undefined>();

  constructor(options: SignalsStateOptions) {
    const log = new SignalLog(options.limit);
    const live = (signal: RegimeSignal | undefined) => {
      this.#signals = log.signals;
      if (!signal) return;
      this.#latest = signal;
      options.emit(signal);
    };
    this.feeds = options.targets.map(
      (target) =>
        new FeedState({
          ...options,
          target,
          listener: {
            history: (points) => {
              log.history(target, points);
              this.#signals = log.signals;
            },
            update: (update) => live(log.update(update)),
            alert: (alert) => live(log.alert(alert)),
          },
        }),
    );
  }

  /** The rows, newest first. */
  get signals(): readonly RegimeSignal[] {
    return this.#signals;
  }
  /** The newest live row, for the polite announcement. */
  get latest(): RegimeSignal | undefined {
    return this.#latest;
  }
  /** The key whose mode is the worst: the badge shows it and its reason. */
  get lead(): FeedState {
    return this.feeds.reduce((worst, feed) =>
      RANK.indexOf(feed.mode) > RANK.indexOf(worst.mode) ? feed : worst,
    );
  }
  get mode(): Mode {
    return this.lead.mode;
  }

  /** Starts every key's feed; returns the stop of them all (for `$effect`). */
  start(): () => void {
    const stops = this.feeds.map((feed) => feed.start());
    return () => stops.forEach((stop) => stop());
  }
}
