/**
 * How the first widget of a page mounts: its card makes no `Intl` object while it connects, and the
 * page's first formatters (ICU's start, tens of milliseconds: bench/README.md, start-up) are made by
 * the mount queue after it, not inside the first card's mount where they made half of one long task.
 * That this is a task of its own is the queue's (test/unit/mount-queue.test.ts); here, what the
 * mount makes and that the page's queue makes the formatters, read from a log of the mounts.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { define } from '../../src/define.js';
import { mountQueue, type MountJob } from '../../src/element/mount-queue.js';

const INTL = ['NumberFormat', 'DateTimeFormat'] as const;
const originals = new Map(INTL.map((name) => [name, Intl[name]]));

beforeAll(() => define());

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  for (const [name, original] of originals) Object.assign(Intl, { [name]: original });
  document.body.innerHTML = '';
});

describe('the first widget of a page', () => {
  it('mounts making no Intl object, and the first number and date formats follow its mount', async () => {
    const log: string[] = [];
    for (const [name, original] of originals)
      Object.assign(Intl, {
        [name]: new Proxy(original, {
          construct(target, args: unknown[]) {
            log.push(name);
            return Reflect.construct(target, args) as object;
          },
        }),
      });
    // Requests that never answer: the card stays connecting, its badge shown.
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise(() => {})),
    );
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
    el.setAttribute('api-url', 'http://api.test/api');
    el.setAttribute('ws-url', 'http://ws.test');
    document.body.append(el);
    await vi.waitFor(() => expect(log).toContain('DateTimeFormat'));
    const mountEnd = log.indexOf('mount end');
    expect(mountEnd).toBeGreaterThan(log.indexOf('mount start'));
    expect(log.slice(0, mountEnd + 1)).toEqual(['mount start', 'mount end']);
    expect(log.slice(mountEnd + 1)).toEqual(expect.arrayContaining(['NumberFormat', 'DateTimeFormat']));
  });
});
