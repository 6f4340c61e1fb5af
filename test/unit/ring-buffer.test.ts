import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/feed/ring-buffer.js';

describe('RingBuffer', () => {
  it('starts empty', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.capacity).toBe(3);
    expect(ring.size).toBe(0);
    expect(ring.last).toBeUndefined();
    expect(ring.toArray()).toEqual([]);
  });

  it('keeps items oldest first until full', () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    ring.push(2);
    expect(ring.size).toBe(2);
    expect(ring.last).toBe(2);
    expect(ring.toArray()).toEqual([1, 2]);
    ring.push(3);
    expect(ring.toArray()).toEqual([1, 2, 3]);
  });

  it('overwrites the oldest item past its capacity', () => {
    const ring = new RingBuffer<number>(3);
    for (const n of [1, 2, 3, 4]) ring.push(n);
    expect(ring.toArray()).toEqual([2, 3, 4]);
    expect(ring.last).toBe(4);
    for (const n of [5, 6, 7]) ring.push(n);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    ring.push(8);
    expect(ring.toArray()).toEqual([6, 7, 8]);
    expect(ring.size).toBe(3);
  });

  it('visits items oldest first with their index', () => {
    const ring = new RingBuffer<string>(2);
    for (const s of ['a', 'b', 'c']) ring.push(s);
    const seen: [string, number][] = [];
    ring.forEach((item, index) => seen.push([item, index]));
    expect(seen).toEqual([
      ['b', 0],
      ['c', 1],
    ]);
  });

  it('clears, then fills again from the start', () => {
    const ring = new RingBuffer<number>(3);
    for (const n of [1, 2, 3, 4, 5]) ring.push(n);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.last).toBeUndefined();
    expect(ring.toArray()).toEqual([]);
    ring.push(9);
    ring.push(10);
    expect(ring.toArray()).toEqual([9, 10]);
    expect(ring.last).toBe(10);
  });

  it('toArray returns a copy', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.toArray().push(99);
    expect(ring.toArray()).toEqual([1]);
  });

  it('has a capacity of at least one, in whole items', () => {
    expect(new RingBuffer(0).capacity).toBe(1);
    expect(new RingBuffer(-5).capacity).toBe(1);
    expect(new RingBuffer(2.9).capacity).toBe(2);
    const one = new RingBuffer<number>(1);
    one.push(1);
    one.push(2);
    expect(one.toArray()).toEqual([2]);
  });

  it('keeps its memory bounded: 100k pushes leave size == capacity and the newest items', () => {
    const ring = new RingBuffer<number>(120);
    for (let i = 0; i < 100_000; i++) ring.push(i);
    expect(ring.size).toBe(120);
    expect(ring.capacity).toBe(120);
    const items = ring.toArray();
    expect(items).toHaveLength(120);
    expect(items[0]).toBe(100_000 - 120);
    expect(ring.last).toBe(99_999);
  });
});
