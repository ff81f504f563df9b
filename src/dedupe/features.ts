/**
 * What a story is about, as a set of comparable features for clustering. Every kind is
 * language-independent, or close to it, which is what lets an English and a Spanish report of
 * one event meet:
 *
 * - `e:` the brief's entities (aliases and acronyms in either language map to one name),
 * - `a:` acronyms outside the brief, written or as a name's initials (`a:PNC`),
 * - `m:` claimed figures of tracked metrics (`m:deaths_in_custody=473`), and `k:` the metrics
 *   they are figures of (`k:deaths_in_custody`): a new figure on the same measure,
 * - `n:` other numbers (`n:238`), written `90,000`, `90.000` or `90 mil` alike,
 * - `p:` capitalised words of names outside the brief (`p:izalco`), spelt alike in both languages,
 * - `d:` days the story dates things on (`d:01-05` for "5 January", "el domingo"…),
 * - `c:` kinds of event (`c:appeal` for "appeal" and "apelación") and `s:` the beat's standing
 *   situation (`s:deport`, `s:custody`), which every story shares,
 * - `h:` what happened on a day: the cognate keys of a sentence that dates something
 *   (`h:03-23/recorr` for "recorrió este lunes"), and `t:` the cognate keys of the headline, which
 *   say which of those words name the story's event,
 * - `w:` cognate keys of content words (`w:inspe` for "inspection" and "inspección"),
 * - `l:` the story's language, which is no evidence itself but says whether two stories could
 *   have shared their words.
 *
 * How much each kind counts is not set here: the clustering model is fitted on labelled pairs.
 */
import { SCALES } from '../facts/numbers.js';
import type { Claim } from '../facts/types.js';
import { foldText, tokenize } from '../text/index.js';
import { cognatesOf } from './cognates.js';
import { conceptsOf, SITUATION_CONCEPTS } from './concepts.js';
import { extractDatedWords } from './dated-words.js';
import type { EntityFinder } from './entities.js';
import { extractEventDates } from './event-dates.js';
import { extractAcronyms, extractProperNouns, isTitleCase, withoutDateline } from './names.js';

/** A number as written, its decimals, and a percent sign or a scale word after it. */
const NUMBER =
  /(?<![\p{L}\p{N}.,]|\p{L}-)(\d{1,3}(?:[.,  ]\d{3})+|\d+)(?:[.,](\d{1,2}))?(?![\p{N}])(\s*%|\s+(?:thousand|mil|millions?|millon|millones|billions?)\b|k\b)?/gu;

/** Numbers written in text, normalised: "90,000", "90.000", "90 000" and "90 mil" are all 90000. */
export function extractNumbers(text: string): string[] {
  const folded = foldText(text);
  const out = new Set<string>();
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(folded); m; m = NUMBER.exec(folded)) {
    const whole = m[1]!.replace(/[.,  ]/g, '');
    const fraction = m[2] ? `.${m[2]}` : '';
    const suffix = (m[3] ?? '').trim();
    let value = Number(`${whole}${fraction}`);
    if (!Number.isFinite(value)) continue;
    if (suffix === '%') {
      out.add(`${value}%`);
      continue;
    }
    if (suffix) value *= SCALES[suffix] ?? 1;
    const grouped = m[1]!.length !== whole.length;
    // Years and small counts say little about which event a story reports.
    if (!suffix && !grouped && /^\d{4}$/.test(whole) && value >= 1900 && value <= 2100) continue;
    if (value < 10) continue;
    if (value <= 31) {
      const around = folded.slice(Math.max(0, m.index - 12), m.index + m[0].length + 12);
      if ([...around.matchAll(/\p{L}+/gu)].some((w) => MONTHS.has(w[0]))) continue;
    }
    out.add(String(Math.round(value * 100) / 100));
  }
  return [...out].sort();
}

const MONTHS = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre'.split(
    ' ',
  ),
);

/** The text of a story, as the clustering features are read from it. */
export interface FeatureInput {
  title: string;
  body: string;
  /** The story's language, for its cognates and its `l:` feature. */
  lang: 'en' | 'es' | null;
  claims: readonly Claim[];
  /** Publication time (epoch ms; 0 when unknown), which weekdays and "yesterday" are read against. */
  publishedMs?: number;
  /** `leadText(body, FEATURE_BODY_WORDS)`, when already at hand. */
  bodyLead?: string;
  /** `tokenize(title)` and `tokenize(leadText(body, FEATURE_BODY_WORDS))`, when already at hand. */
  tokens?: { title: readonly string[]; body: readonly string[] };
  /**
   * Values the beat already knows (e.g. 454 deaths, 90,000 detentions). Stories repeat them as
   * background, so they say nothing about which event a story reports and are left out.
   */
  known?: ReadonlySet<number>;
}

/** How many body words are read for features: the lead carries the event. */
export const FEATURE_BODY_WORDS = 250;

/** All clustering features of a story, sorted, without repeats. */
export function extractFeatures(input: FeatureInput, entities: EntityFinder): string[] {
  const bodyLead = withoutDateline(input.bodyLead ?? leadText(input.body, FEATURE_BODY_WORDS));
  const text = `${input.title}\n${bodyLead}`;
  const tokens = input.tokens ? [...input.tokens.title, ...input.tokens.body] : tokenize(text);
  const features = new Set<string>();
  const add = (kind: string, values: Iterable<string>): void => {
    for (const v of values) features.add(`${kind}:${v}`);
  };
  add('e', entities.find(tokens));
  const known = input.known;
  const claimed = new Set<number>();
  for (const c of input.claims) {
    if (known?.has(c.value)) continue;
    add('m', [`${c.metric}=${c.value}`]);
    add('k', [c.metric]);
    claimed.add(c.value);
  }
  // A claimed figure is counted once, as a claim, not again as a bare number.
  add(
    'n',
    extractNumbers(text).filter((n) => !known?.has(Number(n)) && !claimed.has(Number(n))),
  );
  for (const c of conceptsOf(tokens)) add(SITUATION_CONCEPTS.has(c) ? 's' : 'c', [c]);
  // A title in title case capitalises every word, names or not.
  const namesSource = isTitleCase(input.title) ? bodyLead : text;
  add('p', extractProperNouns(namesSource, entities.aliasTokens));
  const { acronyms, entities: named } = extractAcronyms(namesSource, entities.acronyms);
  add('a', acronyms);
  add('e', named);
  add('d', extractEventDates(text, input.publishedMs ?? 0));
  add('h', extractDatedWords(text, input.publishedMs ?? 0, input.lang, entities.aliasTokens));
  add('w', cognatesOf(tokens, input.lang, entities.aliasTokens));
  add('t', cognatesOf(input.tokens?.title ?? tokenize(input.title), input.lang, entities.aliasTokens));
  if (input.lang) add('l', [input.lang]);
  return [...features].sort();
}

/** A word, as {@link leadText} counts them: a run of anything but white space. */
const WORD = /\S+/g;

/** The first `words` words of a text, cut at a word boundary. */
export function leadText(text: string, words: number): string {
  let count = 0;
  WORD.lastIndex = 0;
  // `test` moves `lastIndex` to the end of each word without making a match object.
  while (WORD.test(text)) {
    count++;
    if (count === words) return text.slice(0, WORD.lastIndex);
  }
  return text;
}
