/**
 * What a server sends, made safe to show: printable lines, JSON that stays JSON, values named
 * without calling anything of theirs, and clipped lengths.
 */
import { describe, expect, it } from 'vitest';
import {
  clipped,
  json,
  printable,
  printableJson,
  sample,
  SAMPLE_CHARS,
  shown,
} from '../../src/doctor/untrusted.js';

describe('printable', () => {
  it('writes out C0, DEL, C1 and bidi controls, and leaves other text alone', () => {
    expect(printable('\u001b[2Jok\r\n\u0007\u007f\u009b\u202e\u2066 é ✓')).toBe(
      '\\u001b[2Jok\\u000d\\u000a\\u0007\\u007f\\u009b\\u202e\\u2066 é ✓',
    );
  });
});

describe('printableJson', () => {
  it('escapes what JSON.stringify leaves raw, and the result parses to the same value', () => {
    const value = { label: '\u009b31m\u202e\u2028x', nested: ['\u001b'] };
    const text = printableJson(JSON.stringify(value, null, 2));
    expect(text).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2028]/);
    expect(text).toContain('\n  "label"');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('shown', () => {
  it.each([
    [{ toString: 1 }, 'an object'],
    [['a'], 'an array'],
    [null, 'null'],
    [undefined, 'nothing'],
    [12.5, '12.5'],
    [false, 'false'],
    ['BTCUSDT', 'BTCUSDT'],
  ])('shows %j as %s', (value, text) => {
    expect(shown(value)).toBe(text);
  });

  it('clips long strings and says by how much', () => {
    expect(shown('x'.repeat(130))).toBe(`${'x'.repeat(120)}… (10 more characters)`);
    expect(clipped('abc', 2)).toBe('ab… (1 more character)');
  });
});

describe('json and sample', () => {
  it('quotes a value as clipped JSON', () => {
    expect(json({ ok: true })).toBe('{"ok":true}');
    expect(json(undefined)).toBe('nothing');
    expect(json('y'.repeat(200), 10)).toBe('"yyyyyyyyy… (192 more characters)');
  });

  it('keeps a small value as is, and turns a large one into clipped text', () => {
    expect(sample({ a: 1 })).toEqual({ a: 1 });
    const large = sample({ points: 'z'.repeat(SAMPLE_CHARS) });
    expect(typeof large).toBe('string');
    expect((large as string).length).toBeLessThan(SAMPLE_CHARS + 40);
  });
});
