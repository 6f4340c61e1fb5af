/**
 * What loading the script costs before any widget is on the page: nothing that can wait. A page's
 * first `Intl` object costs tens of milliseconds of locale data (bench/README.md, start-up), so
 * neither uPlot nor the widget's own modules make one as they load; the first widget's first
 * values do.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countIntl, restoreIntl } from '../fakes/intl.js';

afterEach(restoreIntl);

describe('loading the script', () => {
  it('makes no Intl object: uPlot and the widget make theirs at first use', async () => {
    vi.resetModules();
    const made = countIntl();
    const { define } = await import('../../src/define.js');
    define();
    expect(customElements.get('regime-widget')).toBeDefined();
    expect(made).toEqual([]);
    // The count sees what uPlot makes when it is used.
    const { default: uPlot } = await import('uplot');
    uPlot.fmtNum(1.5);
    expect(made).toEqual(['NumberFormat']);
  });
});
