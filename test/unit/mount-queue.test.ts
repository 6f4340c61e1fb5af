import { describe, expect, it } from 'vitest';
import { MountQueue, SLICE_MS } from '../../src/element/mount-queue.js';

/** A queue over a clock and a scheduler the test runs by hand: each yield is a task the test releases. */
function setup(visible: (element: Element) => boolean = () => true) {
  let time = 0;
  const tasks: (() => void)[] = [];
  const queue = new MountQueue({
    now: () => time,
    yieldToPage: () => new Promise<void>((resolve) => tasks.push(resolve)),
    onScreen: visible,
  });
  /** Releases the next task and lets its mounts (and their microtasks) run. */
  const runTask = async () => {
    tasks.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return {
    queue,
    tasks,
    runTask,
    advance: (ms: number) => (time += ms),
  };
}

/** Stand-ins for elements: only their identity matters to the queue. */
const elements = (count: number) => Array.from({ length: count }, () => ({}) as Element);

describe('MountQueue', () => {
  it('mounts nothing in the task that queued it', async () => {
    const { queue, tasks } = setup();
    const mounted: number[] = [];
    for (const [i, element] of elements(3).entries()) queue.enqueue(element, () => mounted.push(i));
    await Promise.resolve();
    expect(mounted).toEqual([]);
    expect(tasks).toHaveLength(1);
  });

  it('spreads a burst of fifty mounts over many tasks, each of about one slice', async () => {
    const { queue, tasks, runTask, advance } = setup();
    const perTask: number[] = [];
    let inTask = 0;
    for (const element of elements(50))
      queue.enqueue(element, () => {
        advance(3); // each mount takes 3 ms of the clock
        inTask++;
      });
    while (tasks.length > 0) {
      inTask = 0;
      await runTask();
      perTask.push(inTask);
    }
    expect(perTask.reduce((a, b) => a + b, 0)).toBe(50);
    // 3 ms each, a slice of SLICE_MS: the task that passes it stops; none does more.
    expect(Math.max(...perTask)).toBe(Math.ceil(SLICE_MS / 3));
    expect(perTask.length).toBeGreaterThanOrEqual(Math.ceil(50 / Math.ceil(SLICE_MS / 3)));
  });

  it('mounts what is on screen first, then the rest, each in page order', async () => {
    const list = elements(10);
    const onScreen = new Set([list[5], list[6], list[7]]);
    const { queue, tasks, runTask } = setup((element) => onScreen.has(element));
    const mounted: number[] = [];
    list.forEach((element, i) => queue.enqueue(element, () => mounted.push(i)));
    while (tasks.length > 0) await runTask();
    expect(mounted).toEqual([5, 6, 7, 0, 1, 2, 3, 4, 8, 9]);
  });

  it('puts the charts of what is on screen before the cards off screen', async () => {
    const [seen, unseen] = elements(2) as [Element, Element];
    const { queue, tasks, runTask } = setup((element) => element === seen);
    const mounted: string[] = [];
    queue.enqueue(seen, () => {
      mounted.push('card on screen');
      queue.enqueue(seen, () => mounted.push('chart on screen'));
    });
    queue.enqueue(unseen, () => mounted.push('card off screen'));
    while (tasks.length > 0) await runTask();
    expect(mounted).toEqual(['card on screen', 'chart on screen', 'card off screen']);
  });

  it('forgets a mount cancelled before its turn', async () => {
    const { queue, tasks, runTask } = setup();
    const mounted: number[] = [];
    const [first, second] = elements(2) as [Element, Element];
    const cancel = queue.enqueue(first, () => mounted.push(1));
    queue.enqueue(second, () => mounted.push(2));
    cancel();
    while (tasks.length > 0) await runTask();
    expect(mounted).toEqual([2]);
  });

  it('waits for a mount that finishes in a microtask before it reads the clock', async () => {
    const { queue, tasks, runTask, advance } = setup();
    let inFirstTask = 0;
    for (const element of elements(4))
      queue.enqueue(element, async () => {
        await Promise.resolve();
        advance(SLICE_MS); // the mount's work is done after the job returned
        inFirstTask++;
      });
    await runTask();
    expect(inFirstTask).toBe(1);
    while (tasks.length > 0) await runTask();
    expect(inFirstTask).toBe(4);
  });

  it('runs its first job once, in a task of its own after the first slice', async () => {
    const tasks: (() => void)[] = [];
    const log: string[] = [];
    let time = 0;
    const queue = new MountQueue({
      now: () => time,
      yieldToPage: () => new Promise<void>((resolve) => tasks.push(resolve)),
      onScreen: () => true,
      first: () => log.push('first'),
    });
    // Two mounts fill a slice.
    for (const [i, element] of elements(3).entries())
      queue.enqueue(element, () => {
        log.push(`mount ${i}`);
        time += SLICE_MS / 2;
      });
    const perTask: string[][] = [];
    while (tasks.length > 0) {
      const before = log.length;
      tasks.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
      perTask.push(log.slice(before));
    }
    queue.enqueue(elements(1)[0] as Element, () => log.push('mount later'));
    while (tasks.length > 0) {
      tasks.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(perTask).toEqual([['mount 0', 'mount 1'], ['first'], ['mount 2']]);
    expect(log.filter((entry) => entry === 'first')).toHaveLength(1);
  });
});
