/**
 * The public type surface of `<regime-widget>`: its properties (each backed by an attribute), what it
 * adds to read and call, and its events. These doc comments are the element's API documentation:
 * `npm run manifest` copies them into custom-elements.json, and the shipped `.d.ts` carries them.
 */
import type { ConnectionChange, Mode, RegimeAlert, RegimeUpdate } from '../contract/types.js';
import type { FeedDiagnostics } from '../feed/regime-feed.js';
import type { RegimeSignal } from '../feed/signal-log.js';

/** `light`, `dark`, or `auto` (follows `prefers-color-scheme`, live). */
export type RegimeWidgetTheme = 'light' | 'dark' | 'auto';

/**
 * The configuration of `<regime-widget>`. Each property has an attribute (`apiUrl` is `api-url`);
 * setting either one changes the widget at run time.
 */
export interface RegimeWidgetProperties {
  /** The instrument, e.g. `BTCUSDT`. Required. */
  symbol?: string | undefined;
  /** The timeframe, e.g. `1m`, `5m`, `15m`, `30m`, `1h`, `4h`, `1d`, `1w`. Required. */
  timeframe?: string | undefined;
  /** The REST base URL, resolved against the page. Without it, no REST. */
  apiUrl?: string | undefined;
  /** The Socket.IO server URL, resolved against the page. Without it, API-only mode. */
  wsUrl?: string | undefined;
  /**
   * The Socket.IO namespace. When not set and the server refuses it in any way (`Invalid namespace`,
   * python-socketio's `Unable to connect`, a refusal without words, a middleware's), `/` is tried once.
   * @default '/signals'
   */
  wsNamespace?: string | undefined;
  /**
   * The Socket.IO path.
   * @default '/socket.io'
   */
  wsPath?: string | undefined;
  /**
   * Milliseconds between REST refreshes in API mode; at least 1000.
   * @default 15000
   */
  pollInterval?: number | undefined;
  /**
   * Points in the sparkline (2 to 1000).
   * @default 120
   */
  history?: number | undefined;
  /**
   * `light`, `dark`, or `auto` (follows `prefers-color-scheme`, live). Reflected to the attribute.
   * @default 'auto'
   */
  theme?: RegimeWidgetTheme | undefined;
  /**
   * No card background and border: the widget sits on the page's own background. Its text keeps the
   * colours of its `theme`: choose the one that reads on that background. Reflected.
   * @default false
   */
  transparent?: boolean | undefined;
  /** `en` or `ru`. Without it: the nearest `lang` on the page, else the browser's language; others fall back to `en`. */
  locale?: string | undefined;
  /**
   * No alert toasts (the `regime-alert` events still fire).
   * @default false
   */
  noAlerts?: boolean | undefined;
  /**
   * Logs the feed's decisions (connections, polls, mode changes) with `console.debug`.
   * @default false
   */
  debug?: boolean | undefined;
}

/** `apiUrl` to `api-url`: how a property is spelt as an attribute. */
type Kebab<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : S;

/**
 * The attributes as written in markup (`api-url`, `no-alerts`), for JSX and template typings; a
 * number may be written as a string.
 */
export type RegimeWidgetAttributes = {
  [K in keyof RegimeWidgetProperties as Kebab<K>]: RegimeWidgetProperties[K] extends number | undefined
    ? RegimeWidgetProperties[K] | `${number}`
    : RegimeWidgetProperties[K];
};

/** How `toPNG()` and `toDataURL()` draw. */
export interface SnapshotOptions {
  /** Device pixels per CSS pixel; default `devicePixelRatio` (at least 1, at most 4). */
  scale?: number;
}

/** What the element adds to read and to call. */
export interface RegimeWidgetMembers {
  /** `connecting`, `live`, `polling` or `offline` (read-only). */
  readonly mode: Mode;
  /** The last accepted `RegimeUpdate`, or `null` (read-only). */
  readonly regime: RegimeUpdate | null;
  /** What to attach to a bug report: mode, URLs, namespace, transport, attempts, last errors (read-only). */
  readonly diagnostics: FeedDiagnostics | { problem: string } | null;
  /**
   * A PNG of the widget as shown (symbol, label, values, sparkline, time) for reports and chat messages.
   * @example const blob = await widget.toPNG(); await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
   */
  toPNG(options?: SnapshotOptions): Promise<Blob>;
  /**
   * The same picture as `toPNG()`, as a `data:image/png;base64,...` URL.
   * @example img.src = widget.toDataURL({ scale: 2 });
   */
  toDataURL(options?: SnapshotOptions): string;
}

/** The element's events: `CustomEvent`s that bubble and cross shadow roots (`composed`). */
export interface RegimeWidgetEventMap {
  /** Every accepted update, from REST or the socket. */
  'regime-update': CustomEvent<RegimeUpdate>;
  /** Every alert for this widget's symbol and timeframe (also with `no-alerts`). */
  'regime-alert': CustomEvent<RegimeAlert>;
  /** Every change of `mode`. */
  'regime-connection': CustomEvent<ConnectionChange>;
}

/**
 * `<regime-widget>`: a market's regime for one symbol and timeframe, live over Socket.IO with REST
 * as the fallback.
 * @example
 * const widget = document.createElement('regime-widget');
 * widget.symbol = 'BTCUSDT';
 * widget.timeframe = '1h';
 * widget.apiUrl = 'https://example.com/api';
 * widget.addEventListener('regime-update', (event) => console.log(event.detail.regime));
 * document.body.append(widget);
 */
export interface RegimeWidgetElement extends HTMLElement, RegimeWidgetProperties, RegimeWidgetMembers {}

/** The element's class, as `customElements.get('regime-widget')` returns it. */
export interface RegimeWidgetElementConstructor {
  new (): RegimeWidgetElement;
  readonly prototype: RegimeWidgetElement;
  readonly observedAttributes: string[];
}

/**
 * The configuration of `<regime-signals>`: its own `symbols`, `timeframes` and `limit`, and the
 * card's connection and look attributes, which mean the same here.
 */
export interface RegimeSignalsProperties extends Pick<
  RegimeWidgetProperties,
  | 'apiUrl'
  | 'wsUrl'
  | 'wsNamespace'
  | 'wsPath'
  | 'pollInterval'
  | 'theme'
  | 'transparent'
  | 'locale'
  | 'debug'
> {
  /** The instruments, space or comma separated: `BTCUSDT ETHUSDT`. Required. */
  symbols?: string | undefined;
  /** The timeframes, space or comma separated: `1h 4h`. Every symbol with every timeframe is a key. Required. */
  timeframes?: string | undefined;
  /**
   * The most rows shown (1 to 500); the oldest go.
   * @default 20
   */
  limit?: number | undefined;
}

/** `<regime-signals>`'s attributes as written in markup (`api-url`), for JSX and template typings. */
export type RegimeSignalsAttributes = {
  [K in keyof RegimeSignalsProperties as Kebab<K>]: RegimeSignalsProperties[K] extends number | undefined
    ? RegimeSignalsProperties[K] | `${number}`
    : RegimeSignalsProperties[K];
};

/** What `<regime-signals>` adds to read. */
export interface RegimeSignalsMembers {
  /** `connecting`, `live`, `polling` or `offline`: the least good of its keys' (read-only). */
  readonly mode: Mode;
  /** The rows shown, newest first (read-only). */
  readonly signals: readonly RegimeSignal[];
}

/** `<regime-signals>`'s events. */
export interface RegimeSignalsEventMap {
  /** Every new live row: a change reported by an alert or an update, not one read from history. */
  'regime-signal': CustomEvent<RegimeSignal>;
}

/**
 * `<regime-signals>`: a live list of regime changes across symbols and timeframes, newest first.
 * @example
 * const list = document.createElement('regime-signals');
 * list.symbols = 'BTCUSDT ETHUSDT';
 * list.timeframes = '1h 4h';
 * list.apiUrl = 'https://example.com/api';
 * list.addEventListener('regime-signal', (event) => console.log(event.detail.to));
 * document.body.append(list);
 */
export interface RegimeSignalsElement extends HTMLElement, RegimeSignalsProperties, RegimeSignalsMembers {}

/** The element's class, as `customElements.get('regime-signals')` returns it. */
export interface RegimeSignalsElementConstructor {
  new (): RegimeSignalsElement;
  readonly prototype: RegimeSignalsElement;
  readonly observedAttributes: string[];
}

declare global {
  interface HTMLElementTagNameMap {
    'regime-widget': RegimeWidgetElement;
    'regime-signals': RegimeSignalsElement;
  }
  // The events bubble and are composed: every element and the document can listen for them.
  interface HTMLElementEventMap extends RegimeWidgetEventMap, RegimeSignalsEventMap {}
  interface DocumentEventMap extends RegimeWidgetEventMap, RegimeSignalsEventMap {}
}
