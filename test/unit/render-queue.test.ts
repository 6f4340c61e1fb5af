import { describe, expect, it } from 'vitest';
import {
  FRAME_MS,
  OFF_SCREEN_MS,
  OFF_SCREEN_PER_FRAME,
  RenderQueue,
  type OffScreenPolicy,
} from '../../src/element/render-queue.js';
import type { Visibility } from '../../src/element/on-screen.js';

/** An element's visibility the test switches (the page's IntersectionObserver does it in a browser). */
function visibility(seen = true) {
  const listeners = new Set<(seen: boolean) => void>();
  const element: { seen: boolean; set(seen: boolean): void; readonly listeners: number } & Visibility = {
    seen,
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      this.seen = next;
      for (const listener of listeners) listener(next);
    },
    get listeners() {
      return listeners.size;
    },
  };
  return element;
}

/** A queue over a clock, frames and microtasks the test runs by hand. */
function setup(rendersPerSecond = 400, offScreen: OffScreenPolicy = 'slow') {
  let time = 1000;
  const frames: (() => void)[] = [];
  const microtasks: (() => void)[] = [];
  const timers = new Set<{ callback: () => void; at: number }>();
  const queue = new RenderQueue({
    now: () => time,
    requestFrame: (callback) => frames.push(callback),
    microtask: (callback) => microtasks.push(callback),
    timer: (callback, ms) => {
      const timer = { callback, at: time + ms };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    rendersPerSecond,
    offScreen,
  });
  return {
    queue,
    frames,
    microtasks,
    timers,
    advance: (ms: number) => {
      time += ms;
      for (const timer of [...timers])
        if (timer.at <= time) {
          timers.delete(timer);
          timer.callback();
        }
    },
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

  it('renders an off-screen widget at most every OFF_SCREEN_MS, waiting on a timer instead of frame after frame', () => {
    const { queue, frames, microtasks, timers, runMicrotasks, runFrame, advance } = setup();
    let runs = 0;
    const job = () => runs++;
    queue.setOnScreen(job, false);
    queue.schedule(job);
    // Its first render is not held back.
    advance(0);
    runFrame();
    expect(runs).toBe(1);
    // Updates meanwhile wait, without a frame or microtask between.
    for (let frame = 0; frame < 50; frame++) {
      advance(FRAME_MS);
      queue.schedule(job);
      expect(frames.length + microtasks.length).toBe(0);
      expect(timers.size).toBe(1);
    }
    expect(runs).toBe(1);
    advance(OFF_SCREEN_MS - 50 * FRAME_MS);
    expect(frames).toHaveLength(1);
    runFrame();
    runMicrotasks();
    expect(runs).toBe(2);
    expect(queue.size).toBe(0);
  });

  it('spreads off-screen renders that fall due together over frames', () => {
    const { queue, runMicrotasks, runFrame, advance } = setup();
    const runs = new Array<number>(20).fill(0);
    const jobs = runs.map((_, i) => () => runs[i]!++);
    for (const job of jobs) queue.schedule(job);
    runMicrotasks();
    for (const job of jobs) queue.setOnScreen(job, false);
    for (const job of jobs) queue.schedule(job);
    advance(OFF_SCREEN_MS);
    const perFrame: number[] = [];
    for (let frame = 0; frame < 10; frame++) {
      const before = runs.reduce((a, b) => a + b, 0);
      runFrame();
      perFrame.push(runs.reduce((a, b) => a + b, 0) - before);
      advance(FRAME_MS);
    }
    expect(perFrame.slice(0, 5)).toEqual(new Array(5).fill(OFF_SCREEN_PER_FRAME));
    expect(runs.every((n) => n === 2)).toBe(true);
  });

  it('renders a widget that comes back on screen at once, not when its off-screen wait ends', () => {
    const { queue, microtasks, timers, runMicrotasks, advance } = setup();
    let runs = 0;
    const job = () => runs++;
    queue.schedule(job);
    runMicrotasks();
    queue.setOnScreen(job, false);
    advance(FRAME_MS + 1);
    queue.schedule(job);
    expect(timers.size).toBe(1);
    queue.setOnScreen(job, true);
    expect(timers.size).toBe(0);
    expect(microtasks).toHaveLength(1);
    runMicrotasks();
    expect(runs).toBe(2);
  });

  it('counts off-screen widgets among the busy: the ones on screen keep their share', () => {
    const { queue, runMicrotasks, runFrame, advance } = setup(400);
    const runs = new Array<number>(100).fill(0);
    const jobs = runs.map((_, i) => () => runs[i]!++);
    for (const job of jobs) queue.schedule(job);
    runMicrotasks();
    // 80 of them scroll off screen; all keep getting updates in every frame for two wait-outs.
    for (const job of jobs.slice(20)) queue.setOnScreen(job, false);
    const frames = Math.ceil((2 * OFF_SCREEN_MS) / FRAME_MS);
    for (let frame = 0; frame < frames; frame++) {
      advance(FRAME_MS);
      for (const job of jobs) queue.schedule(job);
      runMicrotasks();
      runFrame();
    }
    // On screen: every quarter second (their share of 400 among 100 busy); off screen: once a wait-out.
    const quarters = (2 * OFF_SCREEN_MS) / 250;
    for (const n of runs.slice(0, 20)) expect(n).toBeGreaterThanOrEqual(1 + quarters * 0.9);
    for (const n of runs.slice(0, 20)) expect(n).toBeLessThanOrEqual(1 + quarters);
    for (const n of runs.slice(20)) expect(n).toBeGreaterThanOrEqual(1 + 1);
    for (const n of runs.slice(20)) expect(n).toBeLessThanOrEqual(1 + 2);
  });

  it('does not hold an off-screen widget that is due behind the wait of another', () => {
    const { queue, timers, runFrame, runMicrotasks, advance } = setup();
    const runs = { a: 0, b: 0 };
    const a = () => runs.a++;
    const b = () => runs.b++;
    queue.schedule(b);
    runMicrotasks();
    queue.setOnScreen(a, false);
    queue.setOnScreen(b, false);
    advance(2 * OFF_SCREEN_MS);
    // A renders, then asks again: a wait of OFF_SCREEN_MS. B, quiet for long, asks meanwhile.
    queue.schedule(a);
    advance(0);
    runFrame();
    queue.schedule(a);
    expect(timers.size).toBe(1);
    queue.schedule(b);
    advance(0);
    runFrame();
    expect(runs).toEqual({ a: 1, b: 2 });
  });

  it('keeps rendering the others when one job throws, and reports the error', async () => {
    const { queue, runMicrotasks } = setup();
    const ran: string[] = [];
    queue.schedule(() => {
      throw new Error('broken widget');
    });
    queue.schedule(() => ran.push('next'));
    const uncaught = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    runMicrotasks();
    expect(ran).toEqual(['next']);
    expect(await uncaught).toMatchObject({ message: 'broken widget' });
  });

  it('forgets whether a forgotten job was on screen', () => {
    const { queue, microtasks } = setup();
    const job = () => undefined;
    queue.setOnScreen(job, false);
    queue.forget(job);
    queue.schedule(job);
    expect(microtasks).toHaveLength(1);
  });
});

describe('RenderQueue.register', () => {
  it("follows the element's visibility: off screen, at most every OFF_SCREEN_MS (the slow policy)", () => {
    const { queue, frames, microtasks, timers, runFrame, runMicrotasks, advance } = setup();
    const element = visibility();
    let runs = 0;
    const job = queue.register(() => runs++, element);
    job.schedule();
    runMicrotasks();
    element.set(false);
    advance(FRAME_MS + 1);
    job.schedule();
    expect(frames.length + microtasks.length).toBe(0);
    expect(timers.size).toBe(1);
    element.set(true);
    runMicrotasks();
    runFrame();
    expect(runs).toBe(2);
  });

  it('starts off screen when the element is off screen at registration', () => {
    const { queue, runMicrotasks, runFrame, advance, timers } = setup();
    let runs = 0;
    const job = queue.register(() => runs++, visibility(false));
    job.schedule();
    advance(0);
    runFrame();
    expect(runs).toBe(1);
    advance(FRAME_MS);
    job.schedule();
    runMicrotasks();
    runFrame();
    expect(runs).toBe(1);
    expect(timers.size).toBe(1);
  });

  it('holds the job off screen and runs it once when seen (the hold policy)', () => {
    const { queue, frames, microtasks, timers, runMicrotasks } = setup(400, 'hold');
    const element = visibility(false);
    let runs = 0;
    const job = queue.register(() => runs++, element);
    for (let i = 0; i < 5; i++) job.schedule();
    expect(frames.length + microtasks.length + timers.size).toBe(0);
    expect(queue.size).toBe(0);
    element.set(true);
    runMicrotasks();
    expect(runs).toBe(1);
    element.set(false);
    element.set(true);
    expect(microtasks).toHaveLength(0);
  });

  it('disposed: nothing of it stays, queued or held, and it listens no more', () => {
    const slow = setup();
    const element = visibility();
    let runs = 0;
    const job = slow.queue.register(() => runs++, element);
    job.schedule();
    job.dispose();
    slow.runMicrotasks();
    expect(runs).toBe(0);
    expect(slow.queue.size).toBe(0);
    expect(element.listeners).toBe(0);

    const hold = setup(400, 'hold');
    const hidden = visibility(false);
    const held = hold.queue.register(() => runs++, hidden);
    held.schedule();
    held.dispose();
    hidden.set(true);
    expect(hold.microtasks).toHaveLength(0);
    expect(hidden.listeners).toBe(0);
  });

  it('gives each registration its own place, even for the same function', () => {
    const { queue, runMicrotasks } = setup();
    let runs = 0;
    const run = () => runs++;
    const a = queue.register(run);
    const b = queue.register(run);
    a.schedule();
    b.schedule();
    b.dispose();
    runMicrotasks();
    expect(runs).toBe(1);
  });
});
