import { describe, expect, it } from 'vitest';
import { HashPostings } from '../../../src/dedupe/hash-postings.js';

function serialsOf(postings: HashPostings, hash: number): number[] {
  const slot = postings.find(hash);
  if (slot === -1) return [];
  return Array.from({ length: postings.length(slot) }, (_, i) => postings.serialAt(slot, i));
}

describe('HashPostings', () => {
  it('keeps the serials of each hash in the order they were added', () => {
    const postings = new HashPostings(10_000);
    postings.add(7, 0);
    postings.add(0xffffffff, 0);
    postings.add(7, 1);
    postings.add(7, 4);
    expect(serialsOf(postings, 7)).toEqual([0, 1, 4]);
    expect(serialsOf(postings, 0xffffffff)).toEqual([0]);
    expect(postings.find(8)).toBe(-1);
  });

  it('skips a serial repeated for one hash', () => {
    const postings = new HashPostings(10_000);
    postings.add(3, 2);
    postings.add(3, 2);
    postings.add(3, 5);
    postings.add(3, 5);
    expect(serialsOf(postings, 3)).toEqual([2, 5]);
  });

  it('only counts a posting once it is longer than the longest kept', () => {
    for (const longest of [0, 1, 2, 5]) {
      const postings = new HashPostings(longest);
      for (let serial = 0; serial < 9; serial++) {
        postings.add(9, serial);
        postings.add(9, serial);
        postings.add(100 + serial, serial);
      }
      expect(postings.length(postings.find(9))).toBe(9);
      expect(serialsOf(postings, 108)).toEqual([8]);
      const kept = new HashPostings(longest);
      for (let serial = 0; serial < longest; serial++) kept.add(9, serial);
      if (longest > 0) expect(serialsOf(kept, 9)).toEqual([...Array(longest).keys()]);
    }
  });

  it('keeps every posting through growth, colliding low bits included', () => {
    const postings = new HashPostings(10_000);
    const want = new Map<number, number[]>();
    for (let serial = 0; serial < 3000; serial++) {
      for (const hash of [
        serial * 4096,
        (serial * 2654435761) >>> 0,
        serial % 17,
        0x80000000 + (serial % 5),
      ]) {
        postings.add(hash, serial);
        const list = want.get(hash) ?? [];
        if (list[list.length - 1] !== serial) list.push(serial);
        want.set(hash, list);
      }
    }
    for (const [hash, serials] of want) expect(serialsOf(postings, hash)).toEqual(serials);
    expect(postings.find(12345)).toBe(-1);
  });
});
