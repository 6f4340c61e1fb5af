/**
 * What the element adds for integrators beyond showing data: reflected theming attributes (so a
 * framework that sets properties still gets the CSS), and the PNG export's contract. Its pixels are
 * checked in Chromium (test/e2e/integrator.spec.ts); jsdom has no layout.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { define } from '../../src/define.js';

beforeAll(() => {
  define();
  // jsdom lays nothing out: a Range has no box (the snapshot skips text without one).
  Range.prototype.getBoundingClientRect ??= () => ({ width: 0, height: 0, left: 0, top: 0 }) as DOMRect;
});

afterEach(() => {
  document.body.innerHTML = '';
});

async function mounted(): Promise<HTMLElementTagNameMap['regime-widget']> {
  const el = document.createElement('regime-widget');
  el.symbol = 'BTCUSDT';
  document.body.append(el);
  // The component is created in a later task (mount-queue.ts); it registers its view when it is.
  await vi.waitFor(() => expect(el.diagnostics).not.toBeNull());
  return el;
}

describe('<regime-widget> for integrators', () => {
  it('reflects theme and transparent set as properties, so the styles follow', async () => {
    const el = await mounted();
    el.theme = 'dark';
    el.transparent = true;
    await Promise.resolve();
    expect(el.getAttribute('theme')).toBe('dark');
    expect(el.hasAttribute('transparent')).toBe(true);
    el.transparent = false;
    el.theme = undefined;
    await Promise.resolve();
    expect(el.hasAttribute('transparent')).toBe(false);
    expect(el.hasAttribute('theme')).toBe(false);
  });

  it('reads theme and transparent from attributes', async () => {
    const el = await mounted();
    el.setAttribute('theme', 'light');
    el.setAttribute('transparent', '');
    expect(el.theme).toBe('light');
    expect(el.transparent).toBe(true);
  });

  it('exports a PNG once in a document, and says why not before', async () => {
    const detached = document.createElement('regime-widget');
    expect(() => detached.toDataURL()).toThrow(/add it to a document/);
    await expect(detached.toPNG()).rejects.toThrow(/add it to a document/);
    const el = await mounted();
    expect(el.toDataURL()).toMatch(/^data:image\/png/);
    await expect(el.toPNG()).resolves.toBeInstanceOf(Blob);
  });
});
