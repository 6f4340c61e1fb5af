import { describe, expect, it } from 'vitest';
import { FRAME_MS, RenderQueue } from '../../src/element/render-queue.js';

/** A queue over a clock, frames and microtasks the test runs by hand. */
function setup(budgetMs = 4) {
  let time = 1000;
  const frames: (() => void)[] = [];
  const microtasks: (() => void)[] = [];
  const queue = new RenderQueue({
    now: () => time,
    requestFrame: (callback) => frames.push(callback),
    microtask: (callback) => microtasks.push(callback),
    budgetMs,
  });
  return {
    queue,
    frames,
    microtasks,
    advance: (ms: number) => (time += ms),
    runFrame: () => frames.splice(0).forEach((f) => f()),
    runMicrotasks: () => microtasks.splice(0).forEach((m) => m()),
  };
}

describe('RenderQueue', () => {
  it('renders at once (a microtask) on a quiet page', () => {
    const { queue, frames, microtasks, runMicrotasks } = setup();
    let runs = 0;
    queue.schedule(() => runs++);
    expect(microtasks).toHaveLength(1);
    expect(frames).toHaveLength(0);
    runMicrotasks();
    expect(runs).toBe(1);
  });

  it('waits for the next frame when it rendered within the last frame, and runs a job once', () => {
    const { queue, frames, microtasks, runMicrotasks, runFrame, advance } = setup();
    let runs = 0;
    const job = () => runs++;
    queue.schedule(job);
    runMicrotasks();
    advance(5);
    queue.schedule(job);
    queue.schedule(job);
    expect(microtasks).toHaveLength(0);
    expect(frames).toHaveLength(1);
    runFrame();
    expect(runs).toBe(2);
    // Quiet again a frame later: at once.
    advance(FRAME_MS + 1);
    queue.schedule(job);
    expect(microtasks).toHaveLength(1);
  });

  it('spends at most its budget per frame and leaves the rest for the next, oldest first', () => {
    const { queue, frames, runMicrotasks, runFrame, advance } = setup(4);
    const ran: number[] = [];
    queue.schedule(() => ran.push(0));
    runMicrotasks();
    // Ten widgets, each taking 1 ms to render.
    for (let i = 1; i <= 10; i++)
      queue.schedule(() => {
        ran.push(i);
        advance(1);
      });
    runFrame();
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    expect(queue.size).toBe(6);
    expect(frames).toHaveLength(1);
    runFrame();
    runFrame();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(frames).toHaveLength(0);
  });

  it('cancels a queued job', () => {
    const { queue, runMicrotasks } = setup();
    let runs = 0;
    const cancel = queue.schedule(() => runs++);
    cancel();
    runMicrotasks();
    expect(runs).toBe(0);
  });
});
