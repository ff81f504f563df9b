/**
 * The days a story says things happened on, as clustering evidence: "on 5 January", "el 5 de
 * enero", "Jan. 5", "el domingo", "on Sunday", "ayer". Outlets in both languages date an event
 * the same way, and a follow-up a few days later often names the day of the event it follows.
 *
 * Days are written `MM-DD`: two stories close enough in time to share a cluster cannot mean two
 * different years by the same day of the year. A weekday or "yesterday" is read against the
 * story's publication time (UTC); a date with a year far from that time is background ("since
 * 27 March 2022"), not the event, and is left out.
 */
import { foldText } from '../text/index.js';

const DAY_MS = 24 * 3600_000;

/** How far from publication a date with a year may be and still date the event. */
const EVENT_DAYS = 60;

const MONTHS: ReadonlyArray<readonly string[]> = [
  ['january', 'jan', 'enero', 'ene'],
  ['february', 'feb', 'febrero'],
  ['march', 'mar', 'marzo'],
  ['april', 'apr', 'abril', 'abr'],
  ['may', 'mayo'],
  ['june', 'jun', 'junio'],
  ['july', 'jul', 'julio'],
  ['august', 'aug', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septiembre', 'setiembre'],
  ['october', 'oct', 'octubre'],
  ['november', 'nov', 'noviembre'],
  ['december', 'dec', 'diciembre', 'dic'],
];
const MONTH_OF = new Map(MONTHS.flatMap((names, i) => names.map((n) => [n, i] as const)));
const MONTH_WORD = MONTHS.flat()
  .sort((a, b) => b.length - a.length)
  .join('|');

/** Weekdays, Sunday first (as `Date.getUTCDay`). */
const WEEKDAYS: ReadonlyArray<readonly string[]> = [
  ['sunday', 'domingo'],
  ['monday', 'lunes'],
  ['tuesday', 'martes'],
  ['wednesday', 'miercoles'],
  ['thursday', 'jueves'],
  ['friday', 'viernes'],
  ['saturday', 'sabado'],
];
const WEEKDAY_OF = new Map(WEEKDAYS.flatMap((names, i) => names.map((n) => [n, i] as const)));

/** The folded words that date things (months, weekdays, "yesterday" and the words around them). */
export const DATE_WORDS: ReadonlySet<string> = new Set([
  ...MONTHS.flat(),
  ...WEEKDAYS.flat(),
  ...'yesterday ayer next proximo this este last pasado'.split(' '),
]);

// "5 January", "5 de enero", "5 de enero de 2026"; "January 5", "Jan. 5, 2026".
const DAY_MONTH = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:de\\s+|of\\s+)?(${MONTH_WORD})\\b\\.?(?:,?\\s+(?:de\\s+|del\\s+)?(\\d{4}))?`,
  'g',
);
const MONTH_DAY = new RegExp(
  `\\b(${MONTH_WORD})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`,
  'g',
);
// "on Sunday", "el domingo", "next Monday", "el próximo lunes", "yesterday", "ayer".
const RELATIVE =
  /\b(?:(next|proximo|este|this|last|pasado|el pasado)\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday|domingo|lunes|martes|miercoles|jueves|viernes|sabado|yesterday|ayer)\b(?:\s+(pasado|proximo))?/g;

/** `MM-DD` of a day. */
function dayKey(month: number, day: number): string {
  return `${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `MM-DD` of an instant, in UTC. */
function keyOfTime(ms: number): string {
  const d = new Date(ms);
  return dayKey(d.getUTCMonth(), d.getUTCDate());
}

/** The day of a weekday nearest before (or, with `ahead`, after) a time: "el domingo" → the last Sunday. */
function weekdayNear(publishedMs: number, weekday: number, ahead: boolean): number {
  const today = new Date(publishedMs).getUTCDay();
  const back = (today - weekday + 7) % 7;
  return ahead ? publishedMs + ((weekday - today + 7) % 7 || 7) * DAY_MS : publishedMs - back * DAY_MS;
}

/** The days (`MM-DD`) a text says things happened on, sorted, without repeats. */
export function extractEventDates(text: string, publishedMs: number): string[] {
  const folded = foldText(text);
  const out = new Set<string>();
  const explicit = (dayText: string, monthText: string, yearText: string | undefined): void => {
    const day = Number(dayText);
    const month = MONTH_OF.get(monthText);
    if (month === undefined || day < 1 || day > 31) return;
    if (yearText && publishedMs > 0) {
      const at = Date.UTC(Number(yearText), month, day);
      if (Math.abs(at - publishedMs) > EVENT_DAYS * DAY_MS) return;
    }
    out.add(dayKey(month, day));
  };
  for (const m of folded.matchAll(DAY_MONTH)) explicit(m[1]!, m[2]!, m[3]);
  for (const m of folded.matchAll(MONTH_DAY)) explicit(m[2]!, m[1]!, m[3]);
  if (publishedMs > 0) {
    for (const m of folded.matchAll(RELATIVE)) {
      const word = m[2]!;
      if (word === 'yesterday' || word === 'ayer') {
        out.add(keyOfTime(publishedMs - DAY_MS));
        continue;
      }
      const ahead = m[1] === 'next' || m[1] === 'proximo' || m[3] === 'proximo';
      out.add(keyOfTime(weekdayNear(publishedMs, WEEKDAY_OF.get(word)!, ahead)));
    }
  }
  return [...out].sort();
}
