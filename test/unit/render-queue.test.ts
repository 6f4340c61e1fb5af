import { describe, expect, it } from 'vitest';
import { FRAME_MS, RenderQueue } from '../../src/element/render-queue.js';

/** A queue over a clock, frames and microtasks the test runs by hand. */
function setup(rendersPerSecond = 400) {
  let time = 1000;
  const frames: (() => void)[] = [];
  const microtasks: (() => void)[] = [];
  const queue = new RenderQueue({
    now: () => time,
    requestFrame: (callback) => frames.push(callback),
    microtask: (callback) => microtasks.push(callback),
    rendersPerSecond,
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

  it('renders a lone busy widget every frame', () => {
    const { queue, runMicrotasks, runFrame, advance } = setup();
    let runs = 0;
    const job = () => runs++;
    queue.schedule(job);
    runMicrotasks();
    for (let frame = 0; frame < 60; frame++) {
      advance(FRAME_MS);
      queue.schedule(job);
      runMicrotasks();
      runFrame();
    }
    expect(runs).toBe(61);
  });

  it('shares the page renders among a hundred busy widgets: each every quarter second', () => {
    const { queue, runMicrotasks, runFrame, advance } = setup(400);
    const runs = new Array<number>(100).fill(0);
    const jobs = runs.map((_, i) => () => runs[i]!++);
    for (const job of jobs) queue.schedule(job);
    runMicrotasks();
    // Two seconds of frames, every widget updated in every frame.
    for (let frame = 0; frame < 125; frame++) {
      advance(FRAME_MS);
      for (const job of jobs) queue.schedule(job);
      runMicrotasks();
      runFrame();
    }
    const total = runs.reduce((a, b) => a + b, 0);
    // 100 first renders, then 400 a second for two seconds, give or take a frame's rounding.
    expect(total).toBeLessThanOrEqual(100 + 2 * 400);
    expect(total).toBeGreaterThanOrEqual(100 + 2 * 300);
    for (const n of runs) expect(n).toBeGreaterThanOrEqual(7);
    expect(Math.max(...runs) - Math.min(...runs)).toBeLessThanOrEqual(1);
  });

  it('forgets a job for good', () => {
    const { queue, runMicrotasks } = setup();
    let runs = 0;
    const job = () => runs++;
    queue.schedule(job);
    queue.forget(job);
    runMicrotasks();
    expect(runs).toBe(0);
    expect(queue.size).toBe(0);
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
