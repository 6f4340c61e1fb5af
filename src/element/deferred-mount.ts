/**
 * A Svelte custom element that mounts through the page's mount queue (mount-queue.ts) instead of in
 * the microtask after its connection: fifty widgets in a page's markup then mount over many short
 * tasks, those on screen first, not in the one long task that parsed them.
 */
import { mountQueue, type MountQueue } from './mount-queue.js';

type Lifecycle = HTMLElement & { connectedCallback?(): unknown; disconnectedCallback?(): void };

/** Shows something in the host until it mounts (placeholder.ts); returns its removal. */
export type Placeholder = (host: HTMLElement) => () => void;

/**
 * The element's class with its mount queued, and `placeholder` shown while it waits.
 * @example customElement={{ extend: (Base) => deferMount(Base, keepRoom) }}
 */
export function deferMount<T extends new (...args: any[]) => Lifecycle>( // eslint-disable-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule demands any[].
  Base: T,
  placeholder?: Placeholder,
  queue: MountQueue = mountQueue,
): T {
  return class extends Base {
    /** Takes the queued mount and the placeholder back, while the mount waits. */
    #leave: (() => void) | undefined;
    /** Svelte's component exists: a move within the page (out and in again at once) keeps it. */
    #mounted = false;

    override connectedCallback(): unknown {
      if (this.#mounted) return super.connectedCallback?.();
      if (this.#leave) return undefined;
      const unplace = placeholder?.(this);
      const cancel = queue.enqueue(this, async () => {
        this.#leave = undefined;
        this.#mounted = true;
        await super.connectedCallback?.();
        // In the mount's own task: no frame shows both, or neither.
        unplace?.();
      });
      this.#leave = () => {
        cancel();
        unplace?.();
      };
      return undefined;
    }

    override disconnectedCallback(): void {
      this.#leave?.();
      this.#leave = undefined;
      super.disconnectedCallback?.();
      // Svelte destroys the component in a microtask unless the element came back: so does this.
      queueMicrotask(() => {
        if (!this.isConnected) this.#mounted = false;
      });
    }
  };
}
