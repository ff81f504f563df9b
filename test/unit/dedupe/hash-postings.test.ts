/** The story index's hash postings: the answers of a map of arrays, in a fraction of its memory. */
import { describe, expect, it } from 'vitest';
import { HashPostings } from '../../../src/dedupe/hash-postings.js';

/** Postings of `stories` stories, `perStory` each: mostly hashes of their own, some shared. */
function postings(stories: number, perStory: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let x = 12345;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x;
  };
  for (let serial = 0; serial < stories; serial++) {
    for (let i = 0; i < perStory; i++) out.push([i % 8 === 0 ? next() % 50 : next(), serial]);
  }
  return out;
}

describe('HashPostings', () => {
  it('answers as a map of arrays would, before and after its merges', () => {
    const index = new HashPostings();
    const expected = new Map<number, number[]>();
    // 40,000 postings: several merges, and postings left unmerged at the end.
    const all = postings(2500, 16);
    for (const [hash, serial] of all) {
      index.add(hash, serial);
      expected.set(hash, [...(expected.get(hash) ?? []), serial]);
    }
    expect(index.size).toBe(all.length);
    for (const hash of [...expected.keys()].slice(0, 3000)) {
      const seen: number[] = [];
      index.forEach(hash, (serial) => seen.push(serial));
      expect(seen).toEqual(expected.get(hash));
      expect(index.count(hash)).toBe(expected.get(hash)!.length);
    }
  });

  it('knows nothing of hashes it was not given, the smallest and largest included', () => {
    const index = new HashPostings();
    for (let serial = 0; serial < 5000; serial++) index.add(1000 + serial, serial);
    for (const hash of [0, 999, 6000, 0xffffffff]) {
      expect(index.count(hash)).toBe(0);
      index.forEach(hash, () => expect.unreachable());
    }
    index.add(0xffffffff, 5000);
    index.add(0, 5001);
    expect(index.count(0xffffffff)).toBe(1);
    expect(index.count(0)).toBe(1);
  });
});

describe('HashPostings.forEach with a limit', () => {
  it('visits none of the serials of a hash held by more than the limit', () => {
    const index = new HashPostings();
    for (let serial = 0; serial < 10; serial++) index.add(42, serial);
    const seen: number[] = [];
    expect(index.forEach(42, (s) => seen.push(s), 9)).toBe(false);
    expect(seen).toEqual([]);
    expect(index.forEach(42, (s) => seen.push(s), 10)).toBe(true);
    expect(seen).toHaveLength(10);
  });
});
