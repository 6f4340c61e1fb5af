/**
 * uPlot builds its number format from `navigator.language` when its module loads, and `Intl` throws
 * a RangeError for a tag such as `C` (WebKitGTK under `LANG=C.UTF-8`) or an empty one: the script
 * stops and `<regime-widget>` is never defined. This Vite plugin wraps that one expression so an
 * invalid tag formats as `en`, and fails the build if uPlot no longer has it (then look again).
 */
import type { Plugin } from 'vite';

/** The expression, as uPlot 1.6 writes it in every one of its dist files. */
export const UPLOT_LOCALE_EXPRESSION = "new Intl.NumberFormat(domEnv ? nav.language : 'en-US')";

const SAFE = `(() => { try { return ${UPLOT_LOCALE_EXPRESSION}; } catch { return new Intl.NumberFormat('en'); } })()`;

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
      if (!code.includes(UPLOT_LOCALE_EXPRESSION))
        this.error(`${id} no longer reads navigator.language as ${UPLOT_LOCALE_EXPRESSION}: check the guard`);
      return { code: code.replace(UPLOT_LOCALE_EXPRESSION, SAFE), map: null };
    },
  };
}
