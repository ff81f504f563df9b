import { describe, expect, it } from 'vitest';
import { findNumbers } from '../../../src/facts/numbers.js';
import { foldText } from '../../../src/text/index.js';

function values(s: string): number[] {
  return findNumbers(foldText(s)).map((n) => n.value);
}

describe('findNumbers: formats in English and Spanish', () => {
  it.each([
    ['90,000', [90000]],
    ['90.000', [90000]],
    ['85,900', [85900]],
    ['1,335', [1335]],
    ['1.335', [1335]],
    ['1\u2009335 (thin space)', [1335]],
    ['1\u202f335 (narrow no-break space)', [1335]],
    ['1 335 (space)', [1335]],
    ['1.335.000', [1335000]],
    ['454', [454]],
    ['90 mil', [90000]],
    ['1.5 million', [1500000]],
    ['1,5 millones', [1500000]],
    ['2 millions', [2000000]],
    ['two hundred', [200]],
    ['a hundred and twenty', [120]],
    ['ninety thousand', [90000]],
    ['eighty-five thousand nine hundred', [85900]],
    ['doscientos', [200]],
    ['noventa mil', [90000]],
    ['ochenta y cinco mil novecientos', [85900]],
    ['un millón', [1000000]],
    ['dos mil millones', [2000000000]],
    ['un centenar de presos', [100]],
    ['dos centenares', [200]],
    ['un millar de detenidos', [1000]],
  ])('%s', (input, expected) => {
    expect(values(input)).toEqual(expected);
  });
});

describe('findNumbers: what is not a number', () => {
  it.each([
    ['hundreds of migrants'],
    ['cientos de migrantes'],
    ['miles de detenidos'],
    ['thousands were held'],
    ['millones de personas'],
    ['millions of people'],
    ['centenares de presos'],
    ['one of the men'],
    ['un hombre y una mujer'],
    ['three decades'],
    ['3.5'],
    ['MS13'],
    // Words an object inherits are not number words.
    ['the constructor of the prison'],
    ['toString valueOf hasOwnProperty'],
  ])('%s', (input) => {
    expect(values(input)).toEqual([]);
  });
});

describe('findNumbers: several in a row', () => {
  it('keeps them apart and in order', () => {
    expect(values('In 2022, 454 died; 90,000 and 8.000')).toEqual([2022, 454, 90000, 8000]);
  });

  it('marks plain digit runs (year candidates)', () => {
    expect(findNumbers('2022 and 2,022').map((n) => n.plainDigits)).toEqual([true, false]);
  });
});
