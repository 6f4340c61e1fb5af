/**
 * The labelling rules: indicator readings in, a regime label out.
 *
 * - `trend_up` / `trend_down`: ADX says there is a trend; the leading DI says which way.
 * - `range`: ADX says there is none.
 * - Hysteresis: a trend starts at ADX >= 25 and ends below 20; in between, the previous state holds, so
 *   `range` only ever shows with ADX < 25 and a trend only with ADX >= 20.
 * - `volatile`: ATR% is 1.5 times its 50-candle mean or more; it ends when the ratio falls below 1.25.
 *   It overrides trend and range, which are still tracked underneath it.
 */
import type { KnownRegime } from '../../../src/contract/index.js';
import type { Ohlc } from './candle.js';
import { Indicators, type Reading } from './indicators.js';

export const RULES = {
  /** ADX at or above which a range becomes a trend. */
  trendFrom: 25,
  /** ADX below which a trend becomes a range. */
  rangeBelow: 20,
  /** ATR% over its mean at or above which the market turns volatile. */
  volatileFrom: 1.5,
  /** ATR% over its mean below which a volatile market calms down. */
  calmBelow: 1.25,
} as const;

export type Rules = { readonly [K in keyof typeof RULES]: number };

/** What the label depends on besides the latest reading. */
export interface RegimeState {
  /** Trend or range, with hysteresis; kept while the market is volatile. */
  structure: 'trend' | 'range';
  volatile: boolean;
}

/** The state after a reading, given the state before it (`undefined` at the first reading). */
export function nextState(
  previous: RegimeState | undefined,
  reading: Pick<Reading, 'adx' | 'atrPct' | 'atrPctMean'>,
  rules: Rules = RULES,
): RegimeState {
  let structure = previous?.structure ?? 'range'; // in the band with no history: a trend has to prove itself
  if (reading.adx >= rules.trendFrom) structure = 'trend';
  else if (reading.adx < rules.rangeBelow) structure = 'range';

  let volatile = false;
  if (reading.atrPctMean !== undefined && reading.atrPctMean > 0) {
    const ratio = reading.atrPct / reading.atrPctMean;
    volatile = previous?.volatile ? ratio >= rules.calmBelow : ratio >= rules.volatileFrom;
  }
  return { structure, volatile };
}

/** The label of a state; the leading DI gives a trend its direction. */
export function regimeLabel(state: RegimeState, reading: Pick<Reading, 'pdi' | 'mdi'>): KnownRegime {
  if (state.volatile) return 'volatile';
  if (state.structure === 'range') return 'range';
  return reading.pdi >= reading.mdi ? 'trend_up' : 'trend_down';
}

/** A labelled reading. */
export interface Classified {
  regime: KnownRegime;
  reading: Reading;
}

/**
 * Candles in, labels out: the indicators and the rules with their state.
 * @example const c = classifier.update(candle); if (c) console.log(c.regime, c.reading.adx);
 */
export class RegimeClassifier {
  #indicators = new Indicators();
  #state: RegimeState | undefined;

  /** Takes the next candle; `undefined` while the indicators warm up. */
  update(candle: Ohlc): Classified | undefined {
    const reading = this.#indicators.update(candle);
    if (reading === undefined) return undefined;
    this.#state = nextState(this.#state, reading);
    return { regime: regimeLabel(this.#state, reading), reading };
  }
}
