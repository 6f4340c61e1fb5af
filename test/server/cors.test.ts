/**
 * The allow-list's pieces: CORS_ORIGINS parsing and the server's own origins.
 */
import { describe, expect, it } from 'vitest';
import { OriginAllowList, ownOrigins, parseOrigins } from '../../server/src/cors.js';

describe('parseOrigins (CORS_ORIGINS)', () => {
  it('reads comma-separated origins, normalized, skipping blanks', () => {
    expect(parseOrigins(' https://shop.example , http://LOCALHOST:8080/,,')).toEqual([
      'https://shop.example',
      'http://localhost:8080',
    ]);
    expect(parseOrigins('')).toEqual([]);
  });

  it.each([
    'shop.example',
    'https://shop.example/path',
    'ftp://shop.example',
    'https://user@shop.example',
    '*',
  ])('rejects %s, which is not an origin', (entry) => {
    expect(() => parseOrigins(entry)).toThrow(/is not an origin/);
  });
});

describe('ownOrigins', () => {
  it('names a loopback server by every loopback name', () => {
    expect(ownOrigins('127.0.0.1', 4202)).toEqual([
      'http://localhost:4202',
      'http://127.0.0.1:4202',
      'http://[::1]:4202',
    ]);
    expect(ownOrigins('::1', 80)).toContain('http://[::1]:80');
  });

  it('names any other host as it is, and a wildcard by loopback names and interface addresses', () => {
    expect(ownOrigins('demo.example', 4202)).toEqual(['http://demo.example:4202']);
    expect(ownOrigins('0.0.0.0', 4202)).toEqual(
      expect.arrayContaining(['http://localhost:4202', 'http://127.0.0.1:4202']),
    );
  });
});

describe('OriginAllowList', () => {
  it('allows listed origins only; a missing Origin is not "allowed" (CORS has nothing to answer)', () => {
    const list = new OriginAllowList(['http://localhost:5173']);
    list.add(['http://127.0.0.1:4202']);
    expect(list.allows('http://localhost:5173')).toBe(true);
    expect(list.allows('http://127.0.0.1:4202')).toBe(true);
    expect(list.allows('http://localhost:5174')).toBe(false);
    expect(list.allows('null')).toBe(false);
    expect(list.allows(undefined)).toBe(false);
  });
});
