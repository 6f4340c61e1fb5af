/**
 * How the first widget of a page mounts: the page's first `Intl` formatters (ICU's start, tens of
 * milliseconds: bench/README.md, start-up) are made by a task of the mount queue's own after its
 * first slice: not inside the first card's mount, where they made half of one long task, and not
 * before it, where they held back its first requests. That the job is a task of its own is the
 * queue's (test/unit/mount-queue.test.ts); here, that the page's queue is given that job, read from
 * a log of every mount the elements queue and every request. A list of signals takes its turn in
 * the same queue.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { define } from '../../src/define.js';
import { mountQueue, type MountJob } from '../../src/element/mount-queue.js';
import { countIntl, restoreIntl } from '../fakes/intl.js';

beforeAll(() => define());

afterEach(() => {
  vi.restoreAllMocks();
  restoreIntl();
  document.body.innerHTML = '';
});

describe('the first widget of a page', () => {
  it('sends its requests before the first number and date formats are made, after its mount', async () => {
    const log = countIntl();
    vi.spyOn(globalThis, 'fetch').mockImplementation(() => {
      log.push('fetch');
      return new Promise<Response>(() => {});
    });
    const { enqueue } = mountQueue;
    vi.spyOn(mountQueue, 'enqueue').mockImplementation((element: Element, run: MountJob) =>
      enqueue.call(mountQueue, element, async () => {
        log.push('mount start');
        await run();
        log.push('mount end');
      }),
    );
    const el = document.createElement('regime-widget');
    el.setAttribute('symbol', 'BTCUSDT');
    el.setAttribute('timeframe', '1h');
    el.setAttribute('api-url', 'http://127.0.0.1:9/api');
    document.body.append(el);
    await vi.waitFor(() => expect(log).toContain('DateTimeFormat'));
    const firstFormat = Math.min(log.indexOf('NumberFormat'), log.indexOf('DateTimeFormat'));
    expect(log.indexOf('NumberFormat')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('mount end')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('mount end')).toBeLessThan(firstFormat);
    expect(log.indexOf('fetch')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('fetch')).toBeLessThan(firstFormat);
  });
});

describe('a list of signals', () => {
  it('mounts through the page’s queue, as a card does, not in the task that connected it', async () => {
    const queued: Element[] = [];
    const { enqueue } = mountQueue;
    vi.spyOn(mountQueue, 'enqueue').mockImplementation((element: Element, run: MountJob) => {
      queued.push(element);
      return enqueue.call(mountQueue, element, run);
    });
    const list = document.createElement('regime-signals');
    list.setAttribute('symbols', 'BTCUSDT ETHUSDT');
    list.setAttribute('timeframes', '1h');
    document.body.append(list);
    expect(queued).toEqual([list]);
    // Svelte would have mounted it in a microtask: the queue's first turn is a task later.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(list.shadowRoot?.querySelector('[part=card]') ?? null).toBeNull();
    await vi.waitFor(() => expect(list.shadowRoot?.querySelector('[part=card]')).not.toBeNull());
  });
});
