/**
 * WCAG 2 contrast of every visible text in the widgets of a page, as Chromium renders it: each text's
 * colour against the first opaque background behind it, found up through the shadow root into the
 * host page (a transparent card shows the page's).
 */
import type { Page } from '@playwright/test';

/** One entry per text: `"<theme> <text>"` and its contrast ratio. */
export function textContrasts(page: Page): Promise<{ text: string; ratio: number }[]> {
  return page.evaluate(() => {
    const rgba = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (css: string) => {
      const [r, g, b] = rgba(css).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const backdrop = (el: Element): string => {
      for (let node: Element | null = el; node;) {
        const bg = getComputedStyle(node).backgroundColor;
        if (rgba(bg)[3] !== 0) return bg;
        node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
      }
      return 'rgb(255, 255, 255)';
    };
    const found: { text: string; ratio: number }[] = [];
    for (const host of document.querySelectorAll('regime-widget')) {
      const walker = document.createTreeWalker(host.shadowRoot!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement!;
        if (!node.textContent!.trim() || getComputedStyle(el).visibility !== 'visible') continue;
        const [hi, lo] = [luminance(getComputedStyle(el).color), luminance(backdrop(el))].sort(
          (a, b) => b - a,
        );
        found.push({
          text: `${host.getAttribute('theme') ?? 'auto'} ${node.textContent!.trim()}`,
          ratio: (hi! + 0.05) / (lo! + 0.05),
        });
      }
    }
    return found;
  });
}
