/**
 * What loading the script costs before any widget is on the page: nothing that can wait. A page's
 * first `Intl` object costs tens of milliseconds of locale data (bench/README.md, start-up), so
 * neither uPlot nor the widget's own modules make one as they load; the first widget's first
 * values do.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const INTL = ['NumberFormat', 'DateTimeFormat', 'RelativeTimeFormat', 'PluralRules', 'Collator'] as const;
const originals = new Map(INTL.map((name) => [name, Intl[name]]));

afterEach(() => {
  for (const [name, original] of originals) Object.assign(Intl, { [name]: original });
});

/** Counts every Intl object made from now on, by constructor. */
function countIntl(): string[] {
  const made: string[] = [];
  for (const [name, original] of originals)
    Object.assign(Intl, {
      [name]: new Proxy(original, {
        construct(target, args: unknown[]) {
          made.push(name);
          return Reflect.construct(target, args) as object;
        },
        apply(target, self, args: unknown[]) {
          made.push(name);
          return Reflect.apply(target, self, args) as object;
        },
      }),
    });
  return made;
}

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
