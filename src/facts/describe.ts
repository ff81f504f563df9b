/**
 * The "what changed" line for one fact change, in English or Spanish:
 * `Deaths in custody: 473 reported — known 454, Socorro Jurídico Humanitario, 23 Dec 2025`
 * `Muertes bajo custodia: 473 según la nota — dato conocido 454, Socorro Jurídico Humanitario, 23 dic 2025`
 */
import type { Brief, Qualifier } from '../config/schema.js';
import type { FactChange, FactValue } from './types.js';

const MONTHS = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  es: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'],
} as const;

const QUALIFIER_WORDS: Record<'en' | 'es', Record<Qualifier, string>> = {
  en: {
    exact: '',
    more_than: 'more than ',
    at_least: 'at least ',
    about: 'about ',
    fewer_than: 'fewer than ',
    up_to: 'up to ',
  },
  es: {
    exact: '',
    more_than: 'más de ',
    at_least: 'al menos ',
    about: 'unos ',
    fewer_than: 'menos de ',
    up_to: 'hasta ',
  },
};

const WORDS = {
  en: { reported: 'reported', known: 'known', confirms: 'confirms known', new: 'new figure, none known yet' },
  es: {
    reported: 'según la nota',
    known: 'dato conocido',
    confirms: 'confirma el dato conocido',
    new: 'cifra nueva, sin dato previo',
  },
} as const;

/** "23 Dec 2025" / "23 dic 2025" from YYYY-MM-DD; other strings are returned unchanged. */
export function formatDate(date: string, lang: 'en' | 'es'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const month = MONTHS[lang][Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : date;
}

/**
 * Number formats per language, made once: `toLocaleString` builds a new formatter on every call.
 * "always" groups four-digit numbers too (Spanish leaves "8000" ungrouped by default).
 */
const NUMBER_FORMAT = {
  en: new Intl.NumberFormat('en-US', { useGrouping: 'always' } as Intl.NumberFormatOptions),
  es: new Intl.NumberFormat('es-ES', { useGrouping: 'always' } as Intl.NumberFormatOptions),
} as const;

/** "more than 90,000" / "más de 90.000". */
export function formatFigure(value: number | null, qualifier: Qualifier, lang: 'en' | 'es'): string {
  if (value === null) return lang === 'en' ? 'unknown' : 'sin dato';
  const number = NUMBER_FORMAT[lang].format(value);
  return `${QUALIFIER_WORDS[lang][qualifier]}${number}`;
}

function metricName(metricId: string, brief: Brief, lang: 'en' | 'es'): string {
  const metric = brief.metrics.find((m) => m.id === metricId);
  return metric?.short?.[lang] ?? metric?.label[lang] ?? metric?.short?.en ?? metric?.label.en ?? metricId;
}

function knownPart(known: FactValue, lang: 'en' | 'es'): string {
  return `${formatFigure(known.value, known.qualifier, lang)}, ${known.source}, ${formatDate(known.date, lang)}`;
}

/**
 * One line saying what a story's figure means against what the beat knows: for `differs` both
 * figures with the known one's source and date; for `confirms` the known figure it matches; for
 * `new` that nothing was known.
 */
export function describeChange(change: FactChange, brief: Brief, lang: 'en' | 'es'): string {
  const w = WORDS[lang];
  const head = `${metricName(change.metric, brief, lang)}: ${formatFigure(change.reported.value, change.reported.qualifier, lang)} ${w.reported}`;
  if (change.status === 'new' || !change.known || change.known.value === null) return `${head} — ${w.new}`;
  if (change.status === 'confirms') return `${head} — ${w.confirms} ${knownPart(change.known, lang)}`;
  return `${head} — ${w.known} ${knownPart(change.known, lang)}`;
}
