/**
 * A picture of the widget for reports and chat messages: the card as laid out now (symbol, badge,
 * label, values, sparkline, time; not the tooltip or toasts), redrawn on a canvas from the shadow
 * root's own text, colours, fonts and positions, so the picture and the widget cannot disagree.
 */
import type { SnapshotOptions } from './api.js';

const MAX_SCALE = 4;

/** How to draw a part that waits to be seen before drawing (the sparkline), by its element. */
const drawers = new WeakMap<Element, () => void>();

/**
 * Registers how to draw `element` at once, for a snapshot of a widget that was never on screen;
 * returns the undo.
 * @example $effect(() => drawBeforeSnapshot(container, () => chart.batch(paint)));
 */
export function drawBeforeSnapshot(element: Element, draw: () => void): () => void {
  drawers.set(element, draw);
  return () => drawers.delete(element);
}

function font(style: CSSStyleDeclaration): string {
  return `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  // roundRect: Chrome 99, Safari 16, Firefox 112; square corners before.
  if (typeof ctx.roundRect === 'function') ctx.roundRect(x, y, w, h, Math.min(r, w / 2, h / 2));
  else ctx.rect(x, y, w, h);
}

/**
 * Draws the widget on a new canvas.
 * @throws Error when the element is not in a document (nothing is laid out to draw).
 */
export function snapshot(host: HTMLElement, options: SnapshotOptions = {}): HTMLCanvasElement {
  const card = host.shadowRoot?.querySelector('.card');
  const view = host.ownerDocument.defaultView;
  if (!card || !view || !host.isConnected) {
    throw new Error('<regime-widget> is not rendered: add it to a document first');
  }
  for (const part of card.querySelectorAll('[part~="sparkline"]')) drawers.get(part)?.();
  const box = card.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const requested = options.scale ?? view.devicePixelRatio;
  const scale = Math.min(MAX_SCALE, Math.max(1, Number.isFinite(requested) ? requested : 1));

  const canvas = host.ownerDocument.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('<regime-widget> could not get a 2D canvas context');
  ctx.scale(scale, scale);

  const cardStyle = view.getComputedStyle(card);
  roundRect(ctx, 0.5, 0.5, width - 1, height - 1, parseFloat(cardStyle.borderTopLeftRadius) || 0);
  ctx.fillStyle = cardStyle.backgroundColor;
  ctx.fill();
  ctx.strokeStyle = cardStyle.borderTopColor;
  ctx.stroke();

  const at = (rect: DOMRect) => ({ x: rect.left - box.left, y: rect.top - box.top });

  // The chart is copied at the screen's pixel ratio: sharp at the default scale, smoothed above it.
  ctx.imageSmoothingQuality = 'high';
  for (const chart of card.querySelectorAll('canvas')) {
    const rect = chart.getBoundingClientRect();
    if (rect.width && rect.height) ctx.drawImage(chart, at(rect).x, at(rect).y, rect.width, rect.height);
  }

  const badge = card.querySelector('[part~="badge"] button');
  if (badge) {
    const rect = badge.getBoundingClientRect();
    const style = view.getComputedStyle(badge);
    roundRect(ctx, at(rect).x + 0.5, at(rect).y + 0.5, rect.width - 1, rect.height - 1, rect.height / 2);
    ctx.strokeStyle = style.borderTopColor;
    ctx.stroke();
  }

  ctx.textBaseline = 'middle';
  const range = host.ownerDocument.createRange();
  const walker = host.ownerDocument.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent?.replace(/\s+/g, ' ') ?? '';
    if (!parent || !text.trim() || parent.closest('[part~="tooltip"], .toasts')) continue;
    const style = view.getComputedStyle(parent);
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (style.visibility !== 'visible' || !rect.width) continue;
    ctx.font = font(style);
    ctx.fillStyle = style.color;
    // A wrapped text is squeezed into its box rather than cut.
    ctx.fillText(text, at(rect).x, at(rect).y + rect.height / 2, rect.width + 1);
  }
  return canvas;
}

/** The snapshot as a PNG `Blob`. */
export function snapshotPNG(host: HTMLElement, options?: SnapshotOptions): Promise<Blob> {
  return new Promise((resolve, reject) => {
    snapshot(host, options).toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('<regime-widget> could not encode the PNG'))),
      'image/png',
    );
  });
}
