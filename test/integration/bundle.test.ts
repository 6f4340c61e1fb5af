/**
 * The built script, as a page gets it (README "Embed it"): one classic script, pure ASCII,
 * no eval, and its size in bytes. Runs after `npm run build` (npm test builds first).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertFreshBuild } from '../../scripts/fresh-build.js';

const FILE = new URL('../../dist/regime-widget.js', import.meta.url);

/**
 * Today's size plus a little room (Node's zlib at level 9, which gives about 180 bytes more than
 * `gzip -9c`), so growth is a decision and not an accident. The issues' budgets (55 KB, then 50 KB)
 * are not met: the README's size section says why, with the floor the three libraries set.
 */
// Issue 15 (hardening) added 662 bytes at gzip -9 (66,414 -> 67,076 on main 7516b15).
// Issue 14 (<regime-signals>) added 2,600 bytes at gzip -9.
// Issue 17 (start-up) added 572 bytes: 70,554 with every issue of this round, under the product's
// ceiling of 69 KB (70,656), which is now the test's.
const GZIP_CEILING = 70_656;

let code: string;

beforeAll(() => {
  assertFreshBuild(['dist/regime-widget.js']);
  code = readFileSync(FILE, 'latin1');
});

describe('dist/regime-widget.js', () => {
  it('is pure ASCII', () => {
    const offending = [...code].findIndex((ch) => ch.charCodeAt(0) > 0x7f);
    expect(offending).toBe(-1);
  });

  it('is one classic script: an IIFE with no import or export, and no global of its own', () => {
    expect(code.startsWith('(function(){')).toBe(true);
    expect(code).not.toMatch(/^\s*import[\s{*]/m);
    expect(code).not.toMatch(/\bexport\s*\{/);
    expect(code).not.toMatch(/import\(/);
  });

  it('needs no eval', () => {
    expect(code).not.toMatch(/\beval\(/);
    expect(code).not.toMatch(/new Function\(/);
  });

  it(`stays under its size ceiling (${GZIP_CEILING} bytes gzipped)`, () => {
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.info(`dist/regime-widget.js: ${code.length} bytes, ${gzipped} gzipped`);
    expect(gzipped).toBeLessThanOrEqual(GZIP_CEILING);
  });
});
