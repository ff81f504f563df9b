import { describe, expect, it } from 'vitest';
import { cognateKey, cognatesOf } from '../../../src/dedupe/cognates.js';

describe('cognateKey', () => {
  it.each([
    ['inspection', 'inspeccion'],
    ['commission', 'comision'],
    ['investigation', 'investigacion'],
    ['autopsy', 'autopsia'],
    ['tuberculosis', 'tuberculosis'],
    ['anniversary', 'aniversario'],
    ['constitution', 'constitucion'],
  ])('%s and %s share a key', (en, es) => {
    expect(cognateKey(en, 'en')).not.toBeNull();
    expect(cognateKey(en, 'en')).toBe(cognateKey(es, 'es'));
  });

  it('drops the e Spanish puts before an initial s', () => {
    expect(cognateKey('escandalo', 'es')).toBe(cognateKey('scandal', 'en'));
  });

  it('gives no key to short words, function words and numbers', () => {
    expect(cognateKey('jail', 'en')).toBeNull();
    expect(cognateKey('because', 'en')).toBeNull();
    expect(cognateKey('12345', 'en')).toBeNull();
  });

  it('lists a story’s keys once each, sorted', () => {
    expect(cognatesOf(['prisons', 'prison', 'hospital'], 'en')).toEqual(['hospi', 'priso']);
  });
});
