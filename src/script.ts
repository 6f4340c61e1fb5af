/**
 * The classic script's entry (dist/regime-widget.js): everything `src/index.ts` does on load, and no
 * exports, so the script adds no global to the page (no `window.RegimeWidget` to clobber a page's own).
 * Apps that want the validators or `define` import the package instead.
 */
import './index.js';
