/**
 * The bounded memo behind the PDF's reuse across renders
 * (src/render/pdf/computed-once.ts): it never holds more bytes than
 * its bound, lets the least recently used go first, and keeps nothing larger
 * than the bound.
 */
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../src/render/pdf/computed-once.js';

const bytes = (n: number) => Buffer.alloc(n);

describe('BoundedMemo', () => {
  it('lets the least recently used entries go when the bound is passed', () => {
    const memo = new BoundedMemo<Buffer>(100);
    memo.set('a', bytes(40));
    memo.set('b', bytes(40));
    expect(memo.get('a')?.length).toBe(40); // now b is the least recently used
    memo.set('c', bytes(40));
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')?.length).toBe(40);
    expect(memo.get('c')?.length).toBe(40);
    expect(memo.size).toBe(2);
  });

  it('keeps nothing larger than its bound, and counts a replaced entry once', () => {
    const memo = new BoundedMemo<Buffer>(100);
    memo.set('big', bytes(101));
    expect(memo.get('big')).toBeUndefined();
    memo.set('a', bytes(60));
    memo.set('a', bytes(60));
    memo.set('b', bytes(40));
    expect(memo.size).toBe(2);
  });
});
