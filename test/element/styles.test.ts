/**
 * The stylesheet's promises, read from styles.css itself: both palettes meet WCAG AA contrast, the
 * automatic dark palette is the `theme="dark"` one, reduced motion stops every animation, and no
 * markup sets a `style` attribute (a strict CSP forbids inline styles). Chromium checks the result
 * in test/e2e/a11y.spec.ts and theme.spec.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync('src/element/styles.css', 'utf8');

/** The default of each custom property in the first block that `opener` starts (`--_x: var(--regime-x, default)`). */
function palette(opener: string): Record<string, string> {
  const start = css.indexOf(opener);
  expect(start, opener).toBeGreaterThanOrEqual(0);
  const body = css.slice(start + opener.length, css.indexOf('}', start));
  return Object.fromEntries(
    [...body.matchAll(/--_[\w-]+\s*:\s*var\((--regime-[\w-]+),\s*([^;]+)\);/g)].map((m) => [
      m[1],
      m[2]!.trim(),
    ]),
  );
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const light = palette(':host {');
const dark = { ...light, ...palette(":host([theme='dark']) {") };
const TEXT = [
  'fg',
  'muted',
  'trend-up',
  'trend-down',
  'range',
  'volatile',
  'neutral',
  'live',
  'polling',
  'offline',
];

describe('styles.css', () => {
  for (const [name, colours] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`meets WCAG AA contrast in the ${name} palette`, () => {
      const c = (key: string) => colours[`--regime-${key}`]!;
      for (const key of TEXT) expect(contrast(c(key), c('bg')), key).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c('toast-fg'), c('toast-bg')), 'toast').toBeGreaterThanOrEqual(4.5);
      // Graphics and the focus ring: 3:1 (WCAG 1.4.11).
      expect(contrast(c('sparkline-color'), c('bg')), 'sparkline').toBeGreaterThanOrEqual(3);
      expect(contrast(c('range'), c('bg')), 'focus ring').toBeGreaterThanOrEqual(3);
    });
  }

  it('gives theme="auto" in a dark system setting the same palette as theme="dark"', () => {
    const auto = palette(":host(:not([theme='light']):not([theme='dark'])) {");
    expect(auto).toEqual(palette(":host([theme='dark']) {"));
  });

  it('stops every animation and transition under prefers-reduced-motion', () => {
    const reduced = css.slice(css.indexOf('@media (prefers-reduced-motion: reduce)'));
    const moving = [...css.matchAll(/([^{}]+)\{[^}]*\b(animation|transition)\s*:(?!\s*none\b)([^;]+);/g)]
      .filter((m) => m.index! < css.indexOf('@media (prefers-reduced-motion: reduce)'))
      // The sparkline box shows no text, so its 1 ms colour transition moves nothing: it tells the
      // chart its colour changed (Sparkline.svelte), and must keep working under reduced motion.
      .filter((m) => !(m[1]!.trim() === '.sparkline' && /^\s*color\b/.test(m[3]!)))
      .map((m) => ({ selector: m[1]!.trim(), property: m[2]! }));
    expect(moving.length).toBeGreaterThan(0);
    for (const { selector, property } of moving) {
      expect(reduced, `${selector} { ${property} }`).toMatch(
        new RegExp(`${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\{\\s*${property}:\\s*none;`),
      );
    }
  });

  it('is the only styling: no markup sets a style attribute, which a strict CSP would block', () => {
    const components = readdirSync('src/element').filter((file) => file.endsWith('.svelte'));
    expect(components.length).toBeGreaterThan(0);
    for (const file of components) {
      const markup = readFileSync(`src/element/${file}`, 'utf8').replace(/<script[\s\S]*?<\/script>/g, '');
      expect(markup, file).not.toMatch(/\sstyle(:[\w-]+)?=/);
    }
  });
});
