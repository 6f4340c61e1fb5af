/**
 * The labelling rules, table-driven: thresholds, hysteresis, volatility, direction.
 */
import { describe, expect, it } from 'vitest';
import type { Ohlc } from '../../server/src/market/candle.js';
import { mulberry32 } from '../../server/src/market/prng.js';
import { RandomWalk } from '../../server/src/market/random-walk.js';
import {
  nextState,
  RegimeClassifier,
  regimeLabel,
  RULES,
  type RegimeState,
} from '../../server/src/market/regime.js';

const RANGE: RegimeState = { structure: 'range', volatile: false };
const TREND: RegimeState = { structure: 'trend', volatile: false };
const calm = { atrPct: 0.01, atrPctMean: 0.01 };

describe('nextState: trend and range with hysteresis', () => {
  it.each`
    previous     | adx      | structure  | why
    ${undefined} | ${10}    | ${'range'} | ${'no history, weak ADX'}
    ${undefined} | ${22}    | ${'range'} | ${'no history, inside the band: a trend has to prove itself'}
    ${undefined} | ${25}    | ${'trend'} | ${'no history, ADX at the trend threshold'}
    ${RANGE}     | ${19.99} | ${'range'} | ${'range stays below 20'}
    ${RANGE}     | ${20}    | ${'range'} | ${'range stays at the bottom of the band'}
    ${RANGE}     | ${24.99} | ${'range'} | ${'range stays at the top of the band'}
    ${RANGE}     | ${25}    | ${'trend'} | ${'range becomes trend at 25'}
    ${RANGE}     | ${60}    | ${'trend'} | ${'strong trend'}
    ${TREND}     | ${25}    | ${'trend'} | ${'trend stays above the band'}
    ${TREND}     | ${20}    | ${'trend'} | ${'trend stays at the bottom of the band'}
    ${TREND}     | ${22.5}  | ${'trend'} | ${'trend stays inside the band'}
    ${TREND}     | ${19.99} | ${'range'} | ${'trend ends below 20'}
    ${TREND}     | ${0}     | ${'range'} | ${'no trend at all'}
  `('$why: ADX $adx after $previous.structure → $structure', ({ previous, adx, structure }) => {
    expect(nextState(previous, { adx, ...calm }).structure).toBe(structure);
  });

  it('never shows range with ADX >= 25 nor a trend with ADX < 20, whatever came before', () => {
    let state: RegimeState | undefined;
    const random = mulberry32(3);
    for (let i = 0; i < 5000; i++) {
      const adx = random() * 100;
      state = nextState(state, { adx, ...calm });
      if (state.structure === 'range') expect(adx).toBeLessThan(RULES.trendFrom);
      else expect(adx).toBeGreaterThanOrEqual(RULES.rangeBelow);
    }
  });
});

describe('nextState: volatile', () => {
  it.each`
    wasVolatile | atrPct    | atrPctMean   | volatile | why
    ${false}    | ${0.015}  | ${0.01}      | ${true}  | ${'1.5 times the mean turns volatile'}
    ${false}    | ${0.0149} | ${0.01}      | ${false} | ${'just under 1.5 times is not volatile'}
    ${false}    | ${0.05}   | ${undefined} | ${false} | ${'no mean yet: never volatile'}
    ${true}     | ${0.013}  | ${0.01}      | ${true}  | ${'volatile stays above 1.25 times'}
    ${true}     | ${0.0125} | ${0.01}      | ${true}  | ${'volatile stays at 1.25 times'}
    ${true}     | ${0.0124} | ${0.01}      | ${false} | ${'volatile calms below 1.25 times'}
    ${false}    | ${0.013}  | ${0.01}      | ${false} | ${'calm stays calm inside the band'}
  `('$why', ({ wasVolatile, atrPct, atrPctMean, volatile }) => {
    const previous: RegimeState = { structure: 'range', volatile: wasVolatile };
    expect(nextState(previous, { adx: 10, atrPct, atrPctMean }).volatile).toBe(volatile);
  });

  it('keeps tracking trend and range underneath volatile', () => {
    const volatile = nextState(RANGE, { adx: 40, atrPct: 0.03, atrPctMean: 0.01 });
    expect(volatile).toEqual({ structure: 'trend', volatile: true });
    expect(nextState(volatile, { adx: 22, ...calm })).toEqual(TREND);
  });
});

describe('regimeLabel', () => {
  it.each`
    state                                     | pdi   | mdi   | label
    ${RANGE}                                  | ${30} | ${10} | ${'range'}
    ${TREND}                                  | ${30} | ${10} | ${'trend_up'}
    ${TREND}                                  | ${10} | ${30} | ${'trend_down'}
    ${TREND}                                  | ${20} | ${20} | ${'trend_up'}
    ${{ structure: 'trend', volatile: true }} | ${30} | ${10} | ${'volatile'}
    ${{ structure: 'range', volatile: true }} | ${30} | ${10} | ${'volatile'}
  `(
    '$state.structure (volatile: $state.volatile), +DI $pdi, -DI $mdi → $label',
    ({ state, pdi, mdi, label }) => {
      expect(regimeLabel(state, { pdi, mdi })).toBe(label);
    },
  );
});

describe('RegimeClassifier', () => {
  const classify = (candles: Ohlc[]) => {
    const classifier = new RegimeClassifier();
    return candles.map((candle) => classifier.update(candle));
  };

  it('labels a steady climb trend_up and a steady fall trend_down', () => {
    const climb = Array.from({ length: 60 }, (_, i) => ({
      open: 100 + i,
      high: 101.5 + i,
      low: 99.8 + i,
      close: 101 + i,
    }));
    const fall = climb.map((c) => ({
      open: 300 - c.open,
      high: 300 - c.low,
      low: 300 - c.high,
      close: 300 - c.close,
    }));
    expect(classify(climb).at(-1)?.regime).toBe('trend_up');
    expect(classify(fall).at(-1)?.regime).toBe('trend_down');
  });

  it('labels a flat, choppy market range', () => {
    const chop = Array.from({ length: 80 }, (_, i) => {
      const open = i % 2 ? 101 : 99;
      return { open, high: 101.5, low: 98.5, close: i % 2 ? 99 : 101 };
    });
    expect(classify(chop).at(-1)?.regime).toBe('range');
  });

  it('labels a sudden widening of the candles volatile', () => {
    const calmCandles = Array.from({ length: 80 }, (_, i) => ({
      open: 100,
      high: 100.5,
      low: 99.5,
      close: i % 2 ? 100.2 : 99.8,
    }));
    const storm = Array.from({ length: 5 }, (_, i) => ({
      open: 100,
      high: 104,
      low: 96,
      close: i % 2 ? 102 : 98,
    }));
    expect(classify([...calmCandles, ...storm]).at(-1)?.regime).toBe('volatile');
  });

  it('is silent during warm-up, then labels every candle', () => {
    const walk = new RandomWalk({ random: mulberry32(9), price: 3400, volatility: 0.008 });
    const labels = classify(Array.from({ length: 100 }, () => walk.next()));
    const first = labels.findIndex((label) => label !== undefined);
    expect(first).toBeGreaterThan(20);
    expect(labels.slice(first).every((label) => label !== undefined)).toBe(true);
  });
});
