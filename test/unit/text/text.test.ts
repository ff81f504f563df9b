import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  detectLanguageOfTokens,
  foldText,
  splitSentences,
  stem,
  tokenize,
} from '../../../src/text/index.js';

describe('foldText', () => {
  it.each([
    ['Cárcel', 'carcel'],
    ['ÁBREGO GARCÍA', 'abrego garcia'],
    ['Régimen de Excepción', 'regimen de excepcion'],
    ['niño pingüino', 'nino pinguino'],
    ['“CECOT” ‘mega’', '"cecot" \'mega\''],
    ['mega–prison — 2025', 'mega-prison - 2025'],
    ['1\u2009335 and 1\u202f335 and 1\u00a0335', '1 335 and 1 335 and 1 335'],
    ['soft\u00adhyphen', 'softhyphen'],
  ])('%s → %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});

describe('tokenize', () => {
  it.each([
    ["El Salvador's mega-prison", ['el', 'salvador', 's', 'mega', 'prison']],
    ['Más de 90.000 detenidos', ['mas', 'de', '90', '000', 'detenidos']],
    ['¿Qué pasó en el CECOT?', ['que', 'paso', 'en', 'el', 'cecot']],
    ['', []],
  ])('%s', (input, expected) => {
    expect(tokenize(input)).toEqual(expected);
  });
});

describe('splitSentences', () => {
  it.each([
    ['Two sentences. Here.', ['Two sentences.', 'Here.']],
    [
      'El gobierno de EE. UU. envió a 238 venezolanos. Luego habló.',
      ['El gobierno de EE. UU. envió a 238 venezolanos.', 'Luego habló.'],
    ],
    ['El Sr. Bukele habló. La Sra. Pérez no.', ['El Sr. Bukele habló.', 'La Sra. Pérez no.']],
    [
      'Fueron deportados desde EE. UU. El Gobierno calló.',
      ['Fueron deportados desde EE. UU.', 'El Gobierno calló.'],
    ],
    [
      'They were flown from the U.S. The court objected.',
      ['They were flown from the U.S.', 'The court objected.'],
    ],
    ['Fue en EE. UU. Trump lo anunció.', ['Fue en EE. UU. Trump lo anunció.']],
    ['U.S. President Trump spoke. Dr. Smith replied.', ['U.S. President Trump spoke.', 'Dr. Smith replied.']],
    ['Más de 90.000 detenidos y 1,335 años. Fin.', ['Más de 90.000 detenidos y 1,335 años.', 'Fin.']],
    ['He said: "It is over." Then he left.', ['He said: "It is over."', 'Then he left.']],
    ['¿Qué pasó? ¡Nada! Bien.', ['¿Qué pasó?', '¡Nada!', 'Bien.']],
    ['Title line\nBody line one. Body two.', ['Title line', 'Body line one.', 'Body two.']],
    ['Reported by J. Smith in Tecoluca.', ['Reported by J. Smith in Tecoluca.']],
    ['It grew 2.5 times. 454 died.', ['It grew 2.5 times.', '454 died.']],
  ])('%s', (input, expected) => {
    expect(splitSentences(input)).toEqual(expected);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['More than 90,000 people have been detained since the state of emergency began.', 'en'],
    ['Más de 90.000 personas han sido detenidas desde que comenzó el régimen de excepción.', 'es'],
    ['El Salvador defends its prison in El Salvador', 'en'],
    ['CECOT', null],
    ['', null],
  ] as const)('%s → %s', (input, expected) => {
    expect(detectLanguage(input)).toBe(expected);
  });
});

describe('stem', () => {
  it.each([
    ['prisons', 'en', 'prison'],
    ['countries', 'en', 'country'],
    ['deaths', 'en', 'death'],
    ['witnesses', 'en', 'witness'],
    ['cárceles', 'es', 'carcel'],
    ['megacárceles', 'es', 'megacarcel'],
    ['prisiones', 'es', 'prision'],
    ['veces', 'es', 'vez'],
    ['detenidos', 'es', 'detenid'],
    ['detenidas', 'es', 'detenid'],
    ['Deportados', 'es', 'deportad'],
    ['muertes', 'es', 'muerte'],
    ['los', 'es', 'los'],
    ['Cárceles', null, 'carceles'],
  ] as const)('%s (%s) → %s', (input, lang, expected) => {
    expect(stem(input, lang)).toBe(expected);
  });

  it('folds singular and plural to the same stem', () => {
    expect(stem('cárcel', 'es')).toBe(stem('cárceles', 'es'));
    expect(stem('venezolano', 'es')).toBe(stem('venezolanas', 'es'));
    expect(stem('gang', 'en')).toBe(stem('gangs', 'en'));
  });
});

describe('detectLanguageOfTokens', () => {
  it('answers as detectLanguage does on the text the tokens came from', () => {
    for (const text of [
      'Los detenidos fueron trasladados al penal',
      'The detainees were sent to the prison',
      'El Salvador',
    ]) {
      expect(detectLanguageOfTokens(tokenize(text))).toBe(detectLanguage(text));
    }
  });
});
