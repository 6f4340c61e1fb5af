/**
 * A sparkline's points: the newest ADX readings of one key, oldest first, in a ring buffer. Updates
 * append, a history answer replaces; the view follows `version`, which changes at most once per
 * render (`commit`).
 */
import type { RegimePoint, RegimeUpdate } from '../contract/types.js';
import { timestampMs } from '../contract/validate.js';
import { RingBuffer } from '../feed/ring-buffer.js';

/** One point of the sparkline: epoch seconds and ADX. */
export interface SparkPoint {
  t: number;
  adx: number;
}

function toPoint(point: RegimePoint): SparkPoint {
  return { t: (timestampMs(point.timestamp) as number) / 1000, adx: point.adx };
}

/**
 * @example
 * const history = new SparkHistory(120);
 * history.add(update); history.commit(); // at the render: history.version changes
 */
export class SparkHistory {
  readonly points: RingBuffer<SparkPoint>;
  #version = $state(0);
  /** Changed since the last commit. */
  #dirty = false;

  constructor(capacity: number) {
    this.points = new RingBuffer(capacity);
  }

  /** Changes whenever `points` did, at the render after. */
  get version(): number {
    return this.#version;
  }

  /** Appends an update newer than the last point. */
  add(update: RegimeUpdate): void {
    const point = toPoint(update);
    const last = this.points.last;
    if (last && point.t <= last.t) return;
    this.points.push(point);
    this.#dirty = true;
  }

  /** Replaces the points with a history; `current`, newer than its end, stays at the end. */
  replace(history: RegimePoint[], current: RegimeUpdate | null): void {
    this.points.clear();
    for (const point of history) this.points.push(toPoint(point));
    this.#dirty = true;
    if (current) this.add(current);
  }

  /** Tells the view, once, that the points changed. */
  commit(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#version++;
  }
}
