import { describe, expect, it } from 'vitest';
import { foldText, foldTextSlow } from '../../../src/text/fold.js';

describe('foldText', () => {
  it('folds case, accents and typographic punctuation', () => {
    expect(foldText('Cárcel «CECOT» — 1\u00a0335 `x` Ñandú\u200b')).toBe(
      'carcel "cecot" - 1 335 \'x\' nandu',
    );
  });

  it('agrees with the folding rules as written for every UTF-16 code unit, alone and in context', () => {
    const differing: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const ch = String.fromCharCode(code);
      for (const s of [ch, `Ab${ch}\u0301c`]) {
        if (foldText(s) !== foldTextSlow(s)) differing.push(s);
      }
    }
    expect(differing).toEqual([]);
  });

  it('agrees where folding depends on neighbours: final sigma, surrogate pairs, combining marks', () => {
    for (const s of [
      'ΟΔΥΣΣΕΥΣ',
      'Σ',
      'aΣ b',
      '\u03f9A',
      '𝐀𝐁c',
      'e\u0301\u0327',
      'İstanbul',
      'ǅemal',
      'ﬁn…',
    ]) {
      expect(foldText(s)).toBe(foldTextSlow(s));
    }
  });
});
