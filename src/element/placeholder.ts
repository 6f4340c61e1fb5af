/**
 * What a `<regime-widget>` shows while its mount waits in the mount queue: the waiting card's rows,
 * empty, under the widget's own styles and parts, so it already takes the room the card will (a
 * page's `::part(card)` padding included) and nothing on the page moves when the card replaces it.
 */
import { adoptStyles } from './styles.js';

const ROWS =
  '<div class="card" part="card"><div class="head"><span class="key" part="key">&nbsp;</span>' +
  '<span class="badge" part="badge"><button tabindex="-1">\u25cc</button></span></div>' +
  '<div class="label waiting" part="label"></div><div class="sparkline" part="sparkline"></div></div>';

/**
 * Puts the placeholder in `host`'s shadow root; returns its removal (the card has mounted).
 * @example const remove = keepRoom(host); await mount(); remove();
 */
export function keepRoom(host: HTMLElement): () => void {
  const root = host.shadowRoot;
  if (!root) return () => undefined;
  adoptStyles(root);
  const template = host.ownerDocument.createElement('template');
  template.innerHTML = ROWS;
  // A line of text in the key: as tall as the symbol will be, whatever font a page gives it.
  const card = template.content.firstElementChild as HTMLElement;
  root.append(card);
  return () => card.remove();
}
