/**
 * The package imported in Node, as a server render (Next.js, Nuxt) or a backend does: through its
 * `exports`, in a plain Node process with no DOM. Importing defines nothing and throws nothing; the
 * DOM-free `regime-widget/contract` brings the checks alone. Runs after `npm run build`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFreshBuild } from '../../scripts/fresh-build.js';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
let app: string;

/** Runs `code` as an ES module in a new Node process in the app; resolves to what it printed, or the error's text. */
async function node(code: string, type: 'module' | 'commonjs' = 'module'): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type', type, '-e', code], {
      cwd: app,
    });
    return stdout.trim();
  } catch (error) {
    return `failed: ${(error as { stderr?: string }).stderr ?? String(error)}`;
  }
}

beforeAll(() => {
  assertFreshBuild(['dist/regime-widget.mjs', 'dist/contract.mjs']);
  // An app with the package installed: node_modules/regime-widget is this checkout.
  app = mkdtempSync(join(tmpdir(), 'regime-widget-node-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(ROOT, join(app, 'node_modules/regime-widget'), 'dir');
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }');
});

afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('in Node, without a DOM', () => {
  it("import 'regime-widget' throws nothing, defines nothing, and gives the checks", async () => {
    const out = await node(`
      const widget = await import('regime-widget');
      console.log(JSON.stringify({
        element: typeof widget.RegimeWidgetElement,
        tag: widget.TAG,
        check: widget.checkUpdate({ symbol: 'BTCUSDT' }).ok,
        domLeftAlone: typeof HTMLElement + ' ' + typeof customElements,
      }));
      widget.define();`);
    expect(JSON.parse(out)).toEqual({
      element: 'undefined',
      tag: 'regime-widget',
      check: false,
      domLeftAlone: 'undefined undefined',
    });
  });

  it("import from 'regime-widget/contract' gives the checks without loading the element's libraries", async () => {
    const out = await node(`
      import { checkUpdate, checkAlert, TIMEFRAME_PATTERN } from 'regime-widget/contract';
      const update = { symbol: 'BTCUSDT', timeframe: '1h', regime: 'range', adx: 18.5, atrPct: 0.0156, timestamp: Date.now() };
      console.log(JSON.stringify([checkUpdate(update).ok, checkAlert({}).ok, TIMEFRAME_PATTERN.test('2h')]));`);
    expect(JSON.parse(out)).toEqual([true, false, true]);
    const contract = readFileSync(join(ROOT, 'dist/contract.mjs'), 'utf8');
    expect(contract).not.toMatch(/^\s*import\b/m);
  });

  it('is ESM-only: require() gets Node’s own clear refusal', async () => {
    const out = await node(`require('regime-widget')`, 'commonjs');
    expect(out).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
