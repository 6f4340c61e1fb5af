import { describe, expect, it } from 'vitest';
import {
  formatAdx,
  formatAge,
  formatAtrPct,
  formatSeconds,
  formatTime,
  GLYPHS,
  modeTooltip,
  pickLocale,
  regimeName,
  strings,
} from '../../src/element/i18n.js';

/** Intl uses no-break spaces in some locales; compare with plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('pickLocale', () => {
  it.each<[string | null | undefined, string | null | undefined, string | undefined, 'en' | 'ru']>([
    ['ru', 'en', 'en-US', 'ru'],
    ['en', 'ru', 'ru-RU', 'en'],
    ['de', 'ru', 'ru-RU', 'en'],
    [null, 'ru-RU', 'en-US', 'ru'],
    [undefined, 'RU', 'en-US', 'ru'],
    ['', 'ru', 'en-US', 'ru'],
    ['  ', 'ru', 'en-US', 'ru'],
    [null, 'fr', 'ru-RU', 'en'],
    [null, null, 'ru-RU', 'ru'],
    [null, '', 'ru', 'ru'],
    [null, null, 'en-GB', 'en'],
    [null, null, undefined, 'en'],
    ['rus', null, undefined, 'en'],
    ['Ru-ua', null, undefined, 'ru'],
    // What browsers report under a POSIX locale: not BCP 47, never passed to Intl.
    [null, null, 'C', 'en'],
    [null, null, 'C.UTF-8', 'en'],
    [null, null, '', 'en'],
    [null, null, 'ru_RU.UTF-8', 'ru'],
    [null, 'ru_RU', 'en-US', 'ru'],
  ])('attribute %j, page %j, browser %j: %s', (attribute, page, browser, locale) => {
    expect(pickLocale(attribute, page, browser)).toBe(locale);
  });
});

describe('numbers', () => {
  it('ADX with one decimal', () => {
    expect(formatAdx('en', 18.54)).toBe('18.5');
    expect(formatAdx('en', 25)).toBe('25.0');
    expect(formatAdx('en', 99.96)).toBe('100.0');
    expect(formatAdx('ru', 18.54)).toBe('18,5');
    expect(formatAdx('en', -0)).toBe('0.0');
  });

  it('ATR% from a fraction with two decimals', () => {
    expect(formatAtrPct('en', 0.0156)).toBe('1.56%');
    expect(formatAtrPct('en', 0)).toBe('0.00%');
    expect(formatAtrPct('en', -0)).toBe('0.00%');
    expect(formatAtrPct('en', 0.1)).toBe('10.00%');
    expect(plain(formatAtrPct('ru', 0.0156))).toBe('1,56 %');
  });

  it('seconds for the tooltip', () => {
    expect(formatSeconds('en', 15000)).toBe('15');
    expect(formatSeconds('en', 2500)).toBe('2.5');
    expect(formatSeconds('ru', 2500)).toBe('2,5');
  });

  it('ages in seconds, minutes, hours', () => {
    expect(plain(formatAge('en', 45_000))).toBe('45 sec');
    expect(plain(formatAge('en', 3 * 60_000))).toBe('3 min');
    expect(plain(formatAge('en', 2 * 3600_000))).toBe('2 hr');
    expect(plain(formatAge('en', -5))).toBe('0 sec');
    expect(plain(formatAge('ru', 3 * 60_000))).toMatch(/^3 мин/);
  });

  it('a clock time on 24 hours', () => {
    const ms = new Date(2025, 0, 1, 14, 5, 3).getTime();
    expect(formatTime('en', ms)).toBe('14:05:03');
    expect(formatTime('ru', ms)).toBe('14:05:03');
  });
});

describe('words', () => {
  it('names the known regimes, and shows any other label as it is', () => {
    expect(regimeName('en', 'trend_up')).toBe('Trend up');
    expect(regimeName('en', 'trend_down')).toBe('Trend down');
    expect(regimeName('en', 'range')).toBe('Range');
    expect(regimeName('en', 'volatile')).toBe('Volatile');
    expect(regimeName('ru', 'range')).toBe('Флэт');
    expect(regimeName('en', 'squeeze')).toBe('squeeze');
    expect(regimeName('ru', '<b>x</b>')).toBe('<b>x</b>');
  });

  it('does not take an inherited property for a regime name', () => {
    expect(regimeName('en', 'constructor')).toBe('constructor');
    expect(regimeName('en', 'toString')).toBe('toString');
    expect(regimeName('ru', '__proto__')).toBe('__proto__');
  });

  it('says API in every locale for polling, and starts the badge with the contract glyphs', () => {
    expect(strings('en').modes.polling).toBe('API');
    expect(strings('ru').modes.polling).toBe('API');
    expect(GLYPHS).toEqual({ live: '●', polling: '○', connecting: '◌', offline: '×' });
  });

  it('explains polling in plain words with the interval', () => {
    expect(strings('en').tooltips.polling(formatSeconds('en', 15000))).toBe(
      'WebSocket unavailable, refreshing over REST every 15 s.',
    );
    expect(strings('ru').tooltips.polling('15')).toContain('15');
  });

  it("gives the cause after the meaning, in the error's own words, except when live", () => {
    const facts = { pollInterval: 15000, apiOnly: false, cause: 'websocket error' };
    expect(modeTooltip('en', { ...facts, mode: 'polling' })).toBe(
      'WebSocket unavailable, refreshing over REST every 15 s (websocket error).',
    );
    expect(modeTooltip('ru', { ...facts, mode: 'polling' })).toBe(
      'WebSocket недоступен, обновление через REST каждые 15 с (websocket error).',
    );
    expect(modeTooltip('en', { ...facts, mode: 'live' })).toBe(strings('en').tooltips.live);
    expect(modeTooltip('en', { ...facts, mode: 'polling', cause: undefined })).toBe(
      strings('en').tooltips.polling('15'),
    );
  });

  it('says live but silent in plain words, with the key', () => {
    const facts = { mode: 'live', pollInterval: 15000, apiOnly: false, silent: 'BTCUSDT 1h' } as const;
    expect(modeTooltip('en', facts)).toBe('Live: connected, but the server has sent nothing for BTCUSDT 1h.');
    expect(modeTooltip('ru', facts)).toBe('Онлайн: подключено, но сервер ничего не прислал для BTCUSDT 1h.');
  });

  it('says live over long-polling in plain words, in both locales', () => {
    const facts = { mode: 'live', pollInterval: 15000, apiOnly: false, transport: 'polling' } as const;
    expect(modeTooltip('en', facts)).toBe(
      'Live: updates arrive as they happen, over HTTP long-polling (a WebSocket cannot get through to the server).',
    );
    expect(modeTooltip('ru', facts)).toContain('HTTP long-polling');
    expect(modeTooltip('en', { ...facts, transport: 'websocket' })).toBe(strings('en').tooltips.live);
  });

  it('says how many alerts a burst toast stands for, in both locales', () => {
    expect(strings('en').burst(2998)).toBe('2998 alerts, the latest:');
    expect(strings('ru').burst(2998)).toBe('Сигналов: 2998, последний:');
  });

  it('has every string in both locales', () => {
    const shape = (value: unknown): unknown =>
      typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
        : typeof value;
    expect(shape(strings('ru'))).toEqual(shape(strings('en')));
  });
});
