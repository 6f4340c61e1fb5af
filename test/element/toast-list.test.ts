/**
 * The alert toasts' list (toast-list.svelte.ts): at most MAX_TOASTS at once (a burst folds into the newest), each gone by itself
 * after TOAST_MS, and no timer left behind. Timers are Vitest's; the list is read as the view reads it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegimeAlert } from '../../src/contract/types.js';
import { TOAST_MS, ToastList } from '../../src/element/toast-list.svelte.js';

const alert = (to: string): RegimeAlert => ({ symbol: 'BTCUSDT', timeframe: '1h', to, timestamp: 1 });

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ToastList', () => {
  it('shows three toasts at most: further alerts fold into the newest, which counts them, its timer with it', () => {
    const toasts = new ToastList();
    for (const to of ['range', 'trend_up', 'volatile', 'trend_down', 'range']) toasts.show(alert(to));
    expect(toasts.list.map((toast) => [toast.alert.to, toast.count])).toEqual([
      ['range', 1],
      ['trend_up', 1],
      ['range', 3],
    ]);
    expect(vi.getTimerCount()).toBe(3);
  });

  it('each toast goes by itself TOAST_MS after it came', () => {
    const toasts = new ToastList();
    toasts.show(alert('range'));
    vi.advanceTimersByTime(1000);
    toasts.show(alert('trend_up'));
    vi.advanceTimersByTime(TOAST_MS - 1000 - 1);
    expect(toasts.list).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(toasts.list.map((toast) => toast.alert.to)).toEqual(['trend_up']);
    vi.advanceTimersByTime(1000);
    expect(toasts.list).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a dismissed toast goes at once; dispose clears the timers and keeps what is shown', () => {
    const toasts = new ToastList();
    toasts.show(alert('range'));
    toasts.show(alert('trend_up'));
    toasts.dismiss(toasts.list[0]!.id);
    expect(toasts.list.map((toast) => toast.alert.to)).toEqual(['trend_up']);
    expect(vi.getTimerCount()).toBe(1);
    toasts.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(toasts.list).toHaveLength(1);
  });
});
