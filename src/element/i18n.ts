/**
 * The widget's words in English and Russian, and numbers and times through `Intl`.
 */
import type { Mode } from '../contract/types.js';
import type { Transport } from '../feed/target.js';

export type Locale = 'en' | 'ru';

interface Strings {
  regimes: Record<'trend_up' | 'trend_down' | 'range' | 'volatile', string>;
  modes: Record<Mode, string>;
  tooltips: {
    live: string;
    /** Live over HTTP long-polling: the WebSocket cannot pass. */
    livePolling: string;
    /** Live, but nothing has come for the key: `BTCUSDT 1h`. */
    silent: (key: string) => string;
    polling: (seconds: string) => string;
    connecting: string;
    offline: string;
    apiOnly: (seconds: string) => string;
  };
  updated: string;
  stale: (age: string) => string;
  waiting: string;
  dismiss: string;
  alert: (from: string | undefined, to: string) => string;
  /** A toast that stands for a burst of alerts: `5 alerts, the latest:`. */
  burst: (count: number) => string;
  chart: string;
  /** `<regime-signals>`: its title, and what it says with no rows. */
  signals: string;
  noSignals: string;
}

const STRINGS: Record<Locale, Strings> = {
  en: {
    regimes: { trend_up: 'Trend up', trend_down: 'Trend down', range: 'Range', volatile: 'Volatile' },
    modes: { live: 'Live', polling: 'API', connecting: 'Connecting', offline: 'Offline' },
    tooltips: {
      live: 'Live: updates arrive over WebSocket as they happen.',
      livePolling:
        'Live: updates arrive as they happen, over HTTP long-polling (a WebSocket cannot get through to the server).',
      silent: (key) => `Live: connected, but the server has sent nothing for ${key}.`,
      polling: (s) => `WebSocket unavailable, refreshing over REST every ${s} s.`,
      apiOnly: (s) => `No WebSocket configured, refreshing over REST every ${s} s.`,
      connecting: 'Connecting to the server.',
      offline: 'Neither WebSocket nor REST answers; the data shown is the last received, retrying.',
    },
    updated: 'Updated',
    stale: (age) => `stale, ${age} old`,
    waiting: 'Waiting for data',
    dismiss: 'Dismiss',
    alert: (from, to) => (from ? `Regime changed: ${from} to ${to}` : `Regime is now ${to}`),
    burst: (count) => `${count} alerts, the latest:`,
    chart: 'ADX history',
    signals: 'Regime changes',
    noSignals: 'No regime changes yet',
  },
  ru: {
    regimes: { trend_up: 'Тренд вверх', trend_down: 'Тренд вниз', range: 'Флэт', volatile: 'Волатильность' },
    modes: { live: 'Онлайн', polling: 'API', connecting: 'Подключение', offline: 'Нет связи' },
    tooltips: {
      live: 'Онлайн: обновления приходят по WebSocket сразу.',
      livePolling:
        'Онлайн: обновления приходят сразу, через HTTP long-polling (WebSocket не проходит к серверу).',
      silent: (key) => `Онлайн: подключено, но сервер ничего не прислал для ${key}.`,
      polling: (s) => `WebSocket недоступен, обновление через REST каждые ${s} с.`,
      apiOnly: (s) => `WebSocket не задан, обновление через REST каждые ${s} с.`,
      connecting: 'Подключение к серверу.',
      offline: 'Ни WebSocket, ни REST не отвечают; показаны последние полученные данные, повторяем попытки.',
    },
    updated: 'Обновлено',
    stale: (age) => `устарело, ${age} назад`,
    waiting: 'Ожидание данных',
    dismiss: 'Закрыть',
    alert: (from, to) => (from ? `Режим сменился: ${from} → ${to}` : `Режим: ${to}`),
    burst: (count) => `Сигналов: ${count}, последний:`,
    chart: 'История ADX',
    signals: 'Смены режима',
    noSignals: 'Смен режима пока нет',
  },
};

/** What the badge's tooltip explains. */
export interface ModeFacts {
  mode: Mode;
  /** ms between REST refreshes. */
  pollInterval: number;
  /** No socket configured. */
  apiOnly: boolean;
  /** Why, in the error's own words (`websocket error`), when known. */
  cause?: string | undefined;
  /** Live, but nothing has come for this key (`BTCUSDT 1h`). */
  silent?: string | undefined;
  /** What carries the live socket. */
  transport?: Transport | undefined;
}

/**
 * The badge's tooltip: what the mode means in plain words, and its cause when known.
 * @example modeTooltip('en', { mode: 'polling', pollInterval: 15000, apiOnly: false, cause: 'websocket error' })
 * // 'WebSocket unavailable, refreshing over REST every 15 s (websocket error).'
 */
export function modeTooltip(locale: Locale, facts: ModeFacts): string {
  const { tooltips } = STRINGS[locale];
  if (facts.mode === 'live')
    return facts.silent
      ? tooltips.silent(facts.silent)
      : facts.transport === 'polling'
        ? tooltips.livePolling
        : tooltips.live;
  const sentence =
    facts.mode === 'polling'
      ? // Formatted only here: a card that is connecting makes no Intl object (mount-queue.ts).
        (facts.apiOnly ? tooltips.apiOnly : tooltips.polling)(formatSeconds(locale, facts.pollInterval))
      : tooltips[facts.mode];
  if (!facts.cause) return sentence;
  return `${sentence.endsWith('.') ? sentence.slice(0, -1) : sentence} (${facts.cause}).`;
}

/** The glyph that starts the badge's text in each mode. */
export const GLYPHS: Record<Mode, string> = { live: '●', polling: '○', connecting: '◌', offline: '×' };

/**
 * The locale: the attribute, else the nearest `lang` on the page, else the browser's; `en` for the rest,
 * tags that are not BCP 47 included (`C`, `C.UTF-8`): only `en` and `ru` ever reach `Intl`.
 * @example pickLocale(null, 'ru-RU', 'en-US') // 'ru'
 * @example pickLocale(null, null, 'ru_RU.UTF-8') // 'ru' (POSIX form)
 */
export function pickLocale(
  attribute: string | null | undefined,
  pageLang: string | null | undefined,
  browser: string | undefined,
): Locale {
  for (const candidate of [attribute, pageLang, browser]) {
    const tag = candidate?.trim().toLowerCase();
    if (!tag) continue;
    return tag.split(/[-_.]/)[0] === 'ru' ? 'ru' : 'en';
  }
  return 'en';
}

export function strings(locale: Locale): Strings {
  return STRINGS[locale];
}

/** The label of a regime: its localized name when known, else the label itself as text. */
export function regimeName(locale: Locale, regime: string): string {
  const names: Record<string, string> = STRINGS[locale].regimes;
  // Own names only: a label such as `constructor` must not find Object.prototype's (ES2020: no hasOwn).
  return Object.prototype.hasOwnProperty.call(names, regime) ? (names[regime] as string) : regime;
}

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  id: string,
  make: () => T,
): T {
  let format = formats.get(id) as T | undefined;
  if (!format) {
    format = make();
    formats.set(id, format);
  }
  return format;
}

/** ADX with one decimal: `18.5` (`18,5` in Russian); `+ 0` makes -0 (valid, as it is >= 0) `0.0`, not `-0.0`. */
export function formatAdx(locale: Locale, adx: number): string {
  return cached(
    `adx:${locale}`,
    () => new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  ).format(adx + 0);
}

/** ATR% from a fraction with two decimals: 0.0156 is `1.56%`. */
export function formatAtrPct(locale: Locale, fraction: number): string {
  return cached(
    `atr:${locale}`,
    () =>
      new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  ).format(fraction + 0);
}

/** A clock time: `14:05:03`. */
export function formatTime(locale: Locale, ms: number): string {
  return cached(
    `time:${locale}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      }),
  ).format(ms);
}

/** A moment in a list, with its date: rows may be days old (`Jan 5, 14:05`). */
export function formatMoment(locale: Locale, ms: number): string {
  return cached(
    `moment:${locale}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }),
  ).format(ms);
}

/** An age in words: `45 s`, `3 min`, `2 h`. */
export function formatAge(locale: Locale, ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [value, unit] =
    seconds < 90
      ? [seconds, 'second']
      : seconds < 5400
        ? [Math.round(seconds / 60), 'minute']
        : [Math.round(seconds / 3600), 'hour'];
  return cached(
    `age:${locale}:${unit}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }),
  ).format(value);
}

/** Seconds for the polling tooltip: `15`, `2.5`. */
export function formatSeconds(locale: Locale, ms: number): string {
  return cached(`sec:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })).format(
    ms / 1000,
  );
}
