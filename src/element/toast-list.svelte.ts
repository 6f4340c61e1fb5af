/**
 * The alert toasts of one element: at most MAX_TOASTS at once; more alerts while that many show
 * (a burst) fold into the newest toast, which says how many it stands for. Each goes by itself
 * TOAST_MS after its last alert, or when dismissed. It owns its timers: `dispose` clears them.
 */
import type { RegimeAlert } from '../contract/types.js';

export interface Toast {
  id: number;
  /** The latest alert this toast stands for. */
  alert: RegimeAlert;
  /** How many alerts it stands for: more than one after a burst. */
  count: number;
}

/** How long a toast stays before it goes by itself. */
export const TOAST_MS = 8000;
/** Toasts shown at once; further alerts fold into the newest. */
export const MAX_TOASTS = 3;

let nextToastId = 1;

/**
 * @example
 * const toasts = new ToastList();
 * toasts.show(alert); // markup: toasts.list; on the close button: toasts.dismiss(id)
 * toasts.dispose();
 */
export class ToastList {
  #list = $state.raw<Toast[]>([]);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- timers are bookkeeping, never rendered.
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();

  /** The toasts shown, oldest first. */
  get list(): Toast[] {
    return this.#list;
  }

  show(alert: RegimeAlert): void {
    const newest = this.#list.at(-1);
    const burst = this.#list.length >= MAX_TOASTS && newest;
    const toast: Toast = burst
      ? { id: newest.id, alert, count: newest.count + 1 }
      : { id: nextToastId++, alert, count: 1 };
    this.#list = [...this.#list.slice(0, burst ? -1 : undefined), toast];
    clearTimeout(this.#timers.get(toast.id));
    this.#timers.set(
      toast.id,
      setTimeout(() => this.dismiss(toast.id), TOAST_MS),
    );
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.#list = this.#list.filter((toast) => toast.id !== id);
  }

  /** Clears every timer; the toasts shown stay as they are. */
  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
