/**
 * uPlot builds its number format from `navigator.language` when its module loads, and `Intl` throws
 * a RangeError for a tag such as `C` (WebKitGTK under `LANG=C.UTF-8`) or an empty one: the script
 * stops and `<regime-widget>` is never defined. This Vite plugin wraps that one expression so an
 * invalid tag formats as `en`, and fails the build if uPlot no longer has it (then look again).
 *
 * It also makes uPlot's two module-level `Intl` objects (that number format, and the page's time
 * zone) at their first use instead of as the script loads: a page's first `Intl` object costs tens
 * of milliseconds of locale data (bench/README.md), and the widget's chart, without axes or time
 * scale, never uses either.
 */
import type { Plugin } from 'vite';

/** The expression, as uPlot 1.6 writes it in every one of its dist files. */
export const UPLOT_LOCALE_EXPRESSION = "new Intl.NumberFormat(domEnv ? nav.language : 'en-US')";

const SAFE = `(() => { try { return ${UPLOT_LOCALE_EXPRESSION}; } catch { return new Intl.NumberFormat('en'); } })()`;

const TIME_ZONE = 'new Intl.DateTimeFormat().resolvedOptions().timeZone';

/** Each text uPlot has, and what it becomes. */
const REWRITES: [string, string][] = [
  [`const numFormatter = ${UPLOT_LOCALE_EXPRESSION};`, 'let numFormatter;'],
  ['numFormatter.format(val)', `(numFormatter ??= ${SAFE}).format(val)`],
  [`const localTz = ${TIME_ZONE};`, 'let localTz;'],
  ['tz == localTz', `tz == (localTz ??= ${TIME_ZONE})`],
];

/** Whether `id` is one of uPlot's own module files (the dev server adds a `?v=` query). */
function isUplot(id: string): boolean {
  return /[\\/]node_modules[\\/]uplot[\\/]dist[\\/]uPlot\.[a-z]+\.js$/.test(id.split('?')[0]!);
}

export function uplotAnyLocale(): Plugin {
  return {
    name: 'uplot-any-locale',
    enforce: 'pre',
    transform(code, id) {
      if (!isUplot(id)) return null;
      let out = code;
      for (const [text, replacement] of REWRITES) {
        if (!out.includes(text)) this.error(`${id} no longer has ${text}: check uplot-any-locale.ts`);
        out = out.replace(text, replacement);
      }
      return { code: out, map: null };
    },
  };
}
