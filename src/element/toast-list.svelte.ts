/**
 * The alert toasts of one element: at most MAX_TOASTS at once (an older one leaves for a newer
 * one), each gone by itself after TOAST_MS or when dismissed. It owns its timers: `dispose` clears them.
 */
import type { RegimeAlert } from '../contract/types.js';

export interface Toast {
  id: number;
  alert: RegimeAlert;
}

/** How long a toast stays before it goes by itself. */
export const TOAST_MS = 8000;
/** Toasts shown at once; an older one leaves for a newer one. */
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
    const toast: Toast = { id: nextToastId++, alert };
    const kept = this.#list.slice(-(MAX_TOASTS - 1));
    for (const old of this.#list) if (!kept.includes(old)) this.dismiss(old.id);
    this.#list = [...kept, toast];
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
