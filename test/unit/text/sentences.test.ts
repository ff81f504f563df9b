import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/text/index.js';

describe('splitSentences: the word before a full stop', () => {
  it.each([
    // Abbreviations compare without case or accents.
    ['Lo dijo el GRAL. Pérez ayer.', ['Lo dijo el GRAL. Pérez ayer.']],
    ['Ver la Pág. Tres del informe.', ['Ver la Pág. Tres del informe.']],
    // A dotted acronym or an initial written with accents or outside the BMP is still one.
    ['Lo firmó Á. Pérez.', ['Lo firmó Á. Pérez.']],
    ['Signed 𝐀. Smith today.', ['Signed 𝐀. Smith today.']],
    // A word of two letters or more that is no abbreviation ends the sentence.
    ['Lo firmó Ál. Pérez lo leyó.', ['Lo firmó Ál.', 'Pérez lo leyó.']],
    // Only the last word counts, however long the text before it.
    [
      `${'word '.repeat(500)}Dr. Smith said. Then left.`,
      [`${'word '.repeat(500)}Dr. Smith said.`, 'Then left.'],
    ],
    ['They came from the U.S. The court objected.', ['They came from the U.S.', 'The court objected.']],
  ])('%s', (input, expected) => {
    expect(splitSentences(input)).toEqual(expected);
  });
});

describe('splitSentences: the paragraph split last', () => {
  it('gives the same sentences for the last paragraph split, in a new array', () => {
    const body = 'More than 90,000 detained. Some 8,000 released.';
    const first = splitSentences(`Title line\n${body}`);
    first.push('changed by the caller');
    expect(splitSentences(body)).toEqual(['More than 90,000 detained.', 'Some 8,000 released.']);
    expect(splitSentences(`${body}\n${body}`)).toEqual([
      'More than 90,000 detained.',
      'Some 8,000 released.',
      'More than 90,000 detained.',
      'Some 8,000 released.',
    ]);
  });
});
