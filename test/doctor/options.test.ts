/**
 * The doctor's command-line values, read with the widget's own rules.
 */
import { describe, expect, it } from 'vitest';
import {
  httpUrl,
  parseDuration,
  parseNamespace,
  parseOrigin,
  parsePath,
  parseUrl,
  UsageError,
} from '../../src/doctor/options.js';

describe('parseDuration (--timeout)', () => {
  it.each([
    ['10s', 10_000],
    ['1.5s', 1500],
    ['800ms', 800],
    ['2500', 2500],
    [' 3 s ', 3000],
  ])('reads %j as %i ms', (value, ms) => {
    expect(parseDuration(value)).toBe(ms);
  });

  it.each(['', 'soon', '10m', '-1s', '50ms', '121s'])('refuses %j', (value) => {
    expect(() => parseDuration(value)).toThrow(UsageError);
  });

  it('suggests seconds for a bare number too small to be milliseconds', () => {
    expect(() => parseDuration('10')).toThrow(/did you mean 10s/);
  });
});

describe('URLs, origin, namespace, path', () => {
  it('takes http(s) and ws(s) socket URLs without their trailing slash', () => {
    const schemes = ['http:', 'https:', 'ws:', 'wss:'];
    expect(parseUrl('https://example.com/', schemes, '--ws')).toBe('https://example.com');
    expect(parseUrl('wss://example.com:8443', schemes, '--ws')).toBe('wss://example.com:8443');
    expect(() => parseUrl('example.com', schemes, '--ws')).toThrow(/--ws must be an absolute http:\/\//);
    expect(httpUrl('wss://example.com:8443').href).toBe('https://example.com:8443/');
  });

  it('takes an origin as a browser sends it, and nothing more', () => {
    expect(parseOrigin('https://Shop.Example:443/')).toBe('https://shop.example');
    expect(() => parseOrigin('https://shop.example/page')).toThrow(UsageError);
    expect(() => parseOrigin('shop.example')).toThrow(UsageError);
  });

  it('adds the leading slash the widget adds, and drops a trailing one from the path', () => {
    expect(parseNamespace('signals')).toBe('/signals');
    expect(parseNamespace('/')).toBe('/');
    expect(parsePath('socket.io/')).toBe('/socket.io');
    expect(() => parsePath('/')).toThrow(UsageError);
  });
});
