/**
 * The synthetic market: a random walk whose drift and volatility switch between spells of trending up,
 * trending down, ranging and volatile, so that every regime label turns up within minutes of the demo
 * clock.
 */
import type { CandleSource, Ohlc } from './candle.js';
import { gaussian, integerIn, type Random } from './prng.js';

export type SpellKind = 'trend_up' | 'trend_down' | 'range' | 'volatile';

interface Spell {
  /** Mean log return per candle, in units of the walk's volatility. */
  drift: number;
  /** Multiplier of the walk's volatility. */
  volatility: number;
  /** Pull per candle towards the middle of the previous spell's move (a range consolidates there). */
  reversion: number;
  /** Candles the spell lasts, at least and at most: long enough for the indicators to see it. */
  length: readonly [number, number];
}

const SPELLS: Readonly<Record<SpellKind, Spell>> = {
  trend_up: { drift: 0.7, volatility: 1, reversion: 0, length: [12, 20] },
  trend_down: { drift: -0.7, volatility: 1, reversion: 0, length: [12, 20] },
  range: { drift: 0, volatility: 0.6, reversion: 0.3, length: [16, 26] },
  volatile: { drift: 0, volatility: 4.5, reversion: 0.15, length: [8, 12] },
};

const KINDS = Object.keys(SPELLS) as SpellKind[];

/** A faint pull towards the starting price, so hours of demo keep prices near realistic levels. */
const HOME_PULL = 0.003;

export interface RandomWalkOptions {
  random: Random;
  /** The first open. */
  price: number;
  /** Standard deviation of one candle's log return in a calm market. */
  volatility: number;
}

/**
 * An endless source of candles.
 * @example const walk = new RandomWalk({ random: mulberry32(7), price: 97000, volatility: 0.006 }); walk.next();
 */
export class RandomWalk implements CandleSource {
  #random: Random;
  #volatility: number;
  #home: number;
  #price: number;
  #anchor: number;
  #spellStart: number;
  #kind: SpellKind;
  #left = 0;
  /** Spells started so far, and the number of the spell in which each kind last played. */
  #spells = 0;
  #playedAt: Record<SpellKind, number> = { trend_up: 0, trend_down: 0, range: 0, volatile: 0 };

  constructor(options: RandomWalkOptions) {
    this.#random = options.random;
    this.#volatility = options.volatility;
    this.#home = options.price;
    this.#price = options.price;
    this.#anchor = options.price;
    this.#spellStart = options.price;
    this.#kind = KINDS[integerIn(this.#random, 0, KINDS.length - 1)] ?? 'range';
  }

  /** The kind of spell the walk is in now. */
  get spell(): SpellKind {
    return this.#kind;
  }

  next(): Ohlc {
    if (this.#left === 0) this.#startSpell();
    this.#left--;
    const spell = SPELLS[this.#kind];
    const sigma = this.#volatility * spell.volatility;
    const pull =
      -spell.reversion * Math.log(this.#price / this.#anchor) -
      HOME_PULL * Math.log(this.#price / this.#home);
    const change = spell.drift * this.#volatility + pull + sigma * gaussian(this.#random);
    const open = this.#price;
    const close = open * Math.exp(change);
    const wick = () => Math.abs(gaussian(this.#random)) * sigma * 0.5;
    this.#price = close;
    return {
      open,
      high: Math.max(open, close) * Math.exp(wick()),
      low: Math.min(open, close) * Math.exp(-wick()),
      close,
    };
  }

  #startSpell(): void {
    // One of the two kinds played least recently, at random: the longest-waiting kind gets at least even
    // odds every time, so each comes round soon, yet the order stays hard to guess.
    const [first, second] = KINDS.filter((kind) => kind !== this.#kind).sort(
      (a, b) => this.#playedAt[a] - this.#playedAt[b],
    ) as [SpellKind, SpellKind];
    this.#kind = this.#random() < 0.5 ? first : second;
    this.#playedAt[this.#kind] = ++this.#spells;
    this.#left = integerIn(this.#random, ...SPELLS[this.#kind].length);
    this.#anchor = Math.sqrt(this.#spellStart * this.#price);
    this.#spellStart = this.#price;
  }
}
