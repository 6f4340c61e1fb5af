/**
 * What a `<regime-widget>` shows while its mount waits in the mount queue: the waiting card's rows,
 * empty, under the widget's own styles and parts, so it already takes the room the card will (a
 * page's `::part(card)` padding included) and nothing on the page moves when the card replaces it.
 */
import { adoptStyles } from './styles.js';

/**
 * An element of the placeholder with its class and part (the same word), built without HTML parsing:
 * a page that enforces Trusted Types allows no `innerHTML`.
 */
function part(doc: Document, tag: string, name: string, ...children: (Node | string)[]): HTMLElement {
  const element = doc.createElement(tag);
  element.className = name;
  element.setAttribute('part', name);
  element.append(...children);
  return element;
}

/**
 * Puts the placeholder in `host`'s shadow root; returns its removal (the card has mounted).
 * @example const remove = keepRoom(host); await mount(); remove();
 */
export function keepRoom(host: HTMLElement): () => void {
  const root = host.shadowRoot;
  if (!root) return () => undefined;
  adoptStyles(root);
  const doc = host.ownerDocument;
  const button = doc.createElement('button');
  button.tabIndex = -1;
  button.textContent = '\u25cc';
  const head = doc.createElement('div');
  head.className = 'head';
  // A line of text in the key: as tall as the symbol will be, whatever font a page gives it.
  head.append(part(doc, 'span', 'key', '\u00a0'), part(doc, 'span', 'badge', button));
  const label = part(doc, 'div', 'label');
  label.classList.add('waiting');
  const card = part(doc, 'div', 'card', head, label, part(doc, 'div', 'sparkline'));
  root.append(card);
  return () => card.remove();
}
