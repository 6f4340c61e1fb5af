/**
 * Styles go into each shadow root as one constructable stylesheet shared by every widget, which a
 * strict Content-Security-Policy allows (a `<style>` element needs 'unsafe-inline'). uPlot's own
 * stylesheet is not imported: styles.css has the few rules its chart needs here, so the ES build
 * imports no CSS from a dependency.
 */
import css from './styles.css?inline';

let shared: CSSStyleSheet | undefined;

function supportsAdopted(root: ShadowRoot): boolean {
  return (
    'adoptedStyleSheets' in root &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype
  );
}

/** Puts the widget's styles into a shadow root, once. */
export function adoptStyles(root: ShadowRoot): void {
  if (!supportsAdopted(root)) {
    // Browsers without constructable stylesheets (before Safari 16.4) get a <style> element.
    if (!root.querySelector('style[data-regime-widget]')) {
      const style = root.ownerDocument.createElement('style');
      style.dataset.regimeWidget = '';
      style.textContent = css;
      root.prepend(style);
    }
    return;
  }
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(css);
  }
  if (!root.adoptedStyleSheets.includes(shared))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
}
