/**
 * A fixed-capacity buffer of the newest items, oldest first. Pushing past the capacity overwrites
 * the oldest item, so memory stays flat however long the widget runs.
 */
export class RingBuffer<T> {
  #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#items = new Array<T | undefined>(Math.max(1, Math.floor(capacity)));
  }

  get capacity(): number {
    return this.#items.length;
  }

  get size(): number {
    return this.#size;
  }

  /** The newest item, or `undefined` when empty. */
  get last(): T | undefined {
    return this.#size === 0 ? undefined : this.#items[(this.#start + this.#size - 1) % this.capacity];
  }

  push(item: T): void {
    const capacity = this.capacity;
    if (this.#size < capacity) {
      this.#items[(this.#start + this.#size) % capacity] = item;
      this.#size++;
    } else {
      this.#items[this.#start] = item;
      this.#start = (this.#start + 1) % capacity;
    }
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#start = 0;
    this.#size = 0;
  }

  /** Calls `fn` on every item, oldest first. */
  forEach(fn: (item: T, index: number) => void): void {
    for (let i = 0; i < this.#size; i++) fn(this.#items[(this.#start + i) % this.capacity] as T, i);
  }

  toArray(): T[] {
    const out: T[] = [];
    this.forEach((item) => out.push(item));
    return out;
  }
}
