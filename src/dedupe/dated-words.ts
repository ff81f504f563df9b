/**
 * What a story says happened on each day it dates: the cognate keys of every sentence that names
 * a day, tied to that day (`h:03-23/recorr` for "recorrió este lunes…" published on Tuesday
 * 24 March). A follow-up a day or two later refers back to its event by the day and by what
 * happened then ("the facility their colleagues toured on Monday", "la misma cárcel que
 * recorrieron el lunes"), often with no name or number of the first reports; the day alone is
 * what every story of one news day shares, the words alone what every story of the beat shares,
 * and the two together name one thing that happened on one day.
 */
import { tokenize } from '../text/index.js';
import { cognatesOf, KEY_LETTERS } from './cognates.js';
import { DATE_WORDS, extractEventDates } from './event-dates.js';

/**
 * Sentence ends, and line breaks (a headline, a paragraph); not the full stop of a title or an
 * initial ("Rep. Dale Hutchins", "Sen.", "J. Pérez").
 */
const SENTENCE_END = /(?<=[.!?…»"”])(?<!\b\p{Lu}\p{Ll}{0,3}\.)\s+(?=[\p{Lu}¿¡«"“])|\n+/u;

/**
 * Letters of a dated word's key: one more than a cognate key's, since a shared dated word is what
 * lets the day count — "county" and "counts" share a cognate key, not a dated word — while
 * "republicans" / "republicanos" and "capturas" / "capturados" still meet.
 */
export const DATED_KEY_LETTERS = KEY_LETTERS + 1;

/** Cheap test for a sentence that could name a day, before it is read for dates. */
const MAY_DATE =
  /\d|sunday|monday|tuesday|wednesday|thursday|friday|saturday|domingo|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|yesterday|ayer/i;

/**
 * `day/key` for every cognate key of every sentence that dates something, for each day it dates;
 * the words that date it, and words in `skip` (the brief's aliases, entity features already), are
 * left out.
 */
export function extractDatedWords(
  text: string,
  publishedMs: number,
  lang: 'en' | 'es' | null,
  skip: ReadonlySet<string>,
): string[] {
  const out = new Set<string>();
  for (const sentence of text.split(SENTENCE_END)) {
    if (!MAY_DATE.test(sentence)) continue;
    const days = extractEventDates(sentence, publishedMs);
    if (days.length === 0) continue;
    const keys = cognatesOf(
      tokenize(sentence).filter((t) => !DATE_WORDS.has(t)),
      lang,
      skip,
      DATED_KEY_LETTERS,
    );
    for (const day of days) for (const key of keys) out.add(`${day}/${key}`);
  }
  return [...out].sort();
}
