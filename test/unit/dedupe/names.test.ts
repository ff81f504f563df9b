import { describe, expect, it } from 'vitest';
import { extractAcronyms, initialsOf, withoutDateline } from '../../../src/dedupe/names.js';

const none = new Map<string, string>();

describe('initialsOf', () => {
  it.each([
    ['Policía Nacional Civil', 'PNC'],
    ['Fiscalía General de la República', 'FGR'],
    ['Human Rights Watch', 'HRW'],
    ['Comisión Interamericana de Derechos Humanos', 'CIDH'],
  ])('%s → %s', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });
});

describe('extractAcronyms', () => {
  it('reads written acronyms, with or without dots, and the initials of names of three words or more', () => {
    expect(
      extractAcronyms('A report by the F.G.R. and Human Rights Watch; the PNC said so.', none).acronyms,
    ).toEqual(['FGR', 'HRW', 'PNC']);
  });

  it('reads both sides of a definition, either way round', () => {
    expect(extractAcronyms('the Instituto de Medicina Legal (IML) said', none).acronyms).toEqual(['IML']);
    expect(extractAcronyms('the Procuraduría de Derechos (PDDH) said', none).acronyms).toEqual(
      ['PD', 'PDDH'].filter((a) => a.length >= 3),
    );
    expect(extractAcronyms('según la ONG (Organización No Gubernamental) local', none).acronyms).toEqual([
      'ONG',
    ]);
  });

  it('takes runs of capitals for shouting, and Roman numerals for numbers', () => {
    expect(extractAcronyms('BREAKING NEWS from the court; Pope Leo XIV spoke', none).acronyms).toEqual([]);
  });

  it('leaves acronyms of the brief’s entities to entity features', () => {
    const known = new Map([['SJH', 'socorro juridico humanitario']]);
    expect(extractAcronyms('the SJH and the PNC', known)).toEqual({
      acronyms: ['PNC'],
      entities: ['socorro juridico humanitario'],
    });
  });
});

describe('withoutDateline', () => {
  it.each([
    ['SAN SALVADOR (AIN) — La organización informó', 'La organización informó'],
    ['WASHINGTON (HP) - A judge ordered', 'A judge ordered'],
    ['WASHINGTON — A judge ordered', 'A judge ordered'],
    ['El Salvador — a country', 'El Salvador — a country'],
    ['A judge ordered', 'A judge ordered'],
  ])('%s', (text, expected) => {
    expect(withoutDateline(text)).toBe(expected);
  });
});
