import { describe, expect, it } from 'vitest';
import { IdOrder } from '../../../src/dedupe/id-order.js';

describe('IdOrder', () => {
  it('orders entries as their ids sort, before and after each snapshot', () => {
    let seed = 3;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const ids = [
      ...new Set(Array.from({ length: 700 }, () => `id-${random(5000)}${random(3) === 0 ? '-b' : ''}`)),
    ];
    const order = new IdOrder();
    ids.forEach((id, serial) => {
      order.add(serial, id);
      // Every pair so far, checked now and then as entries arrive.
      if (serial % 97 !== 0 && serial !== ids.length - 1) return;
      for (let a = 0; a <= serial; a++) {
        for (let b = 0; b <= serial; b++) expect(order.before(a, b)).toBe(ids[a]! < ids[b]!);
      }
    });
  });

  it('orders ids added between the same two snapshot ids by their text', () => {
    const order = new IdOrder();
    ['a', 'z', 'm', 'c', 'b', 'd'].forEach((id, serial) => {
      order.add(serial, id);
    });
    expect(order.before(4, 3)).toBe(true);
    expect(order.before(3, 5)).toBe(true);
    expect(order.before(5, 2)).toBe(true);
    expect(order.before(2, 2)).toBe(false);
  });
});
