import { describe, expect, it } from 'vitest';
import {
  compilePhrase,
  compilePhraseSet,
  findPhrase,
  findPhrases,
  prepareText,
} from '../../../src/text/index.js';

function count(text: string, phrase: string): number {
  return findPhrase(prepareText(text), compilePhrase(phrase)!).length;
}

describe('findPhrase', () => {
  it.each([
    ['the Cecot prison', 'CECOT', 1],
    ['las cárceles del país', 'cárcel', 1],
    ['las megacárceles', 'megacárcel', 1],
    ['fueron deportados a El Salvador', 'deportados a El Salvador', 1],
    ['deportadas a el salvador', 'deportados a El Salvador', 1],
    ["El Salvador's prisons", 'El Salvador', 1],
    ['the Salvadoran government', 'El Salvador', 0],
    ['Salvadoran', 'Salvador', 0],
    ['mega-prison and mega prison', 'mega prison', 2],
    ['megaprison', 'mega-prison', 0],
    ['they were deported, the deportations', 'deport*', 2],
    ['REGIMEN DE EXCEPCION', 'régimen de excepción', 1],
    ['', 'CECOT', 0],
  ])('%s ∋ %s: %i', (text, phrase, expected) => {
    expect(count(text, phrase)).toBe(expected);
  });

  it('returns word positions', () => {
    expect(findPhrase(prepareText('a b El Salvador c'), compilePhrase('el salvador')!)).toEqual([
      { start: 2, end: 4 },
    ]);
  });

  it('does not compile a phrase without words', () => {
    expect(compilePhrase(' - ')).toBeNull();
  });
});

describe('findPhrases', () => {
  it('finds what findPhrase finds, phrase by phrase', () => {
    const sources = [
      'CECOT',
      'cárcel',
      'deport*',
      'El Salvador',
      'mega prison',
      'prisons',
      'a',
      'deportados a El Salvador',
      'pues* en libertad',
      'en libertad',
      'libert*',
    ];
    const phrases = sources.map((s) => compilePhrase(s)!);
    const set = compilePhraseSet(phrases);
    for (const text of [
      '',
      'the Cecot prison',
      'Deportados a El Salvador, los deportados llegaron al CECOT; las cárceles y la megacárcel',
      'a mega-prison and a mega prison: prisons, prison, deported to El Salvador El Salvador',
      'Fueron puestos en libertad, y otros quedaron en libertad condicional; puesta en libertad',
    ]) {
      const prepared = prepareText(text);
      expect(findPhrases(prepared, set)).toEqual(phrases.map((p) => findPhrase(prepared, p)));
    }
  });
});
