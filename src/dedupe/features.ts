/**
 * What a story is about, as a set of comparable features for clustering:
 *
 * - `e:` the brief's entities (aliases in either language map to one name),
 * - `m:` claimed figures of tracked metrics (`m:deaths_in_custody=473`),
 * - `n:` other numbers (`n:238`), written `90,000`, `90.000` or `90 mil` alike,
 * - `p:` proper nouns outside the brief (`p:boasberg`), which outlets in both languages spell alike,
 * - `c:` kinds of event in either language (`c:appeal` for "appeal" and "apelación"), and `s:`
 *   the beat's standing situation (`s:deport`, `s:custody`), which every story shares.
 *
 * Every kind is language-independent, which is what lets an English and a Spanish report of one
 * event meet. Plain content words are left out on purpose: they only ever match within one
 * language, and on a beat they are shared by every story (prison, gangs, detainees).
 */
import type { Brief, Topic } from '../config/schema.js';
import { SCALES } from '../facts/numbers.js';
import type { Claim } from '../facts/types.js';
import { foldText, tokenize } from '../text/index.js';
import { conceptsOf, SITUATION_CONCEPTS } from './concepts.js';

const STOP = new Set(
  // English
  (
    'the a an and or but of to in on at by for from with without into over under about after before ' +
    'as is are was were be been being has have had do does did will would can could should may might ' +
    'must shall this that these those it its they them their there here he she his her him we our us ' +
    'you your i me my who whom whose which what when where why how not no nor than then so such also ' +
    'just more most some any all each other new says said say told according while during since ' +
    'until up out off very only own same too s t one two three four five six seven eight nine ten ' +
    'year years day days week weeks month months monday tuesday wednesday thursday friday saturday ' +
    'sunday january february march april may june july august september october november december ' +
    'mr mrs ms president former people news report reports reported ' +
    // Spanish (folded)
    'el la los las lo un una unos unas y o u e ni pero sino de del al a ante bajo con contra desde en ' +
    'entre hacia hasta para por segun sin sobre tras durante mediante que quien quienes cual cuales ' +
    'cuando donde como es son fue fueron ser sido era eran esta estan estaba ha han habia hay se su sus ' +
    'le les lo me te nos este esta estos estas ese esa esos esas aquel mas muy ya tambien no si otro ' +
    'otra otros otras todo toda todos todas dijo dice afirmo segun ano anos dia dias semana mes meses ' +
    'lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo junio julio ' +
    'agosto septiembre setiembre octubre noviembre diciembre presidente expresidente personas nuevo nueva'
  ).split(/\s+/),
);

/**
 * Capitalised words that name institutions in general rather than anyone in particular: they
 * open half the sentences of court and government news, so they are not proper-noun features.
 */
const GENERIC_NAMES = new Set(
  (
    'department departamento ministry ministerio ministro minister government gobierno state states ' +
    'estado estados united unidos unidas house casa white blanca court corte supreme suprema tribunal ' +
    'federal national nacional general direccion centros centro penales penal fiscalia office oficina ' +
    'assembly asamblea legislativa legislative congress congreso senate senado republic republica ' +
    'security seguridad justice justicia public publica publico police policia civil human humanos ' +
    'derechos rights commission comision council consejo agency agencia secretary secretario ' +
    'administration administracion authorities autoridades attorney fiscal judge juez jueza senator ' +
    'senador democratic democrata republican republicano party partido'
  ).split(' '),
);

const MONTHS = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre'.split(
    ' ',
  ),
);

/** Finds the brief's entities in token streams; longest alias wins. */
export interface EntityFinder {
  find(tokens: readonly string[]): string[];
  /** Folded tokens of every alias, so proper-noun extraction can leave them to `e:` features. */
  aliasTokens: ReadonlySet<string>;
}

/** Builds an {@link EntityFinder} for a brief. */
export function createEntityFinder(brief: Brief): EntityFinder {
  const byFirst = new Map<string, { tokens: string[]; key: string }[]>();
  const aliasTokens = new Set<string>();
  const groups = brief.entities;
  for (const entity of [...groups.people, ...groups.places, ...groups.organisations, ...groups.phrases]) {
    const key = tokenize(entity.name).join(' ');
    for (const alias of new Set([entity.name, ...entity.aliases])) {
      const tokens = tokenize(alias);
      if (tokens.length === 0) continue;
      for (const t of tokens) aliasTokens.add(t);
      const list = byFirst.get(tokens[0]!) ?? [];
      list.push({ tokens, key });
      list.sort((a, b) => b.tokens.length - a.tokens.length);
      byFirst.set(tokens[0]!, list);
    }
  }
  return {
    aliasTokens,
    find(tokens) {
      const found = new Set<string>();
      for (let i = 0; i < tokens.length; i++) {
        const options = byFirst.get(tokens[i]!);
        if (!options) continue;
        for (const option of options) {
          if (option.tokens.every((t, j) => tokens[i + j] === t)) {
            // No skip past the match: "deportados al CECOT" also names CECOT.
            found.add(option.key);
            break;
          }
        }
      }
      return [...found].sort();
    },
  };
}

/**
 * Entities that define the beat itself: those named by the topic's strong match terms or by its
 * lightly weighted ones. Nearly every beat story mentions them, so they say little about which event it reports.
 */
export function beatTerms(topic: Topic, entities: EntityFinder): Set<string> {
  const out = new Set<string>();
  // Heavily weighted terms (a named group, a named detainee) are specific enough to keep.
  const generic = topic.match.weighted.filter((w) => w.weight <= 1).map((w) => w.term);
  for (const term of [...topic.match.strong, ...generic]) {
    for (const key of entities.find(tokenize(term))) out.add(key);
  }
  return out;
}

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

const PROPER = /[\p{Lu}][\p{L}'’]*(?:-[\p{Lu}][\p{L}'’]*)*/gu;

function isTitleCase(title: string): boolean {
  const words = title.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 3) return false;
  const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps / words.length > 0.6;
}

/** Capitalised words that are not sentence-initial, folded; stop words and brief aliases left out. */
export function extractProperNouns(text: string, skip: ReadonlySet<string>): string[] {
  const words: string[] = [];
  PROPER.lastIndex = 0;
  for (let m = PROPER.exec(text); m; m = PROPER.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 3), m.index);
    if (m.index === 0 || /(?:^|[.!?¿¡:"“«(]\s*|\n\s*)$/u.test(before) || /^\s*$/.test(before)) continue;
    words.push(m[0]);
  }
  // One tokenize over all the words: folding is the costly step, so it runs once.
  const out = new Set<string>();
  for (const token of tokenize(words.join(' '))) {
    if (
      token.length < 3 ||
      STOP.has(token) ||
      GENERIC_NAMES.has(token) ||
      skip.has(token) ||
      /^\d+$/.test(token)
    )
      continue;
    out.add(token);
  }
  return [...out].sort();
}

/** The text of a story, as the clustering features are read from it. */
export interface FeatureInput {
  title: string;
  body: string;
  /** The story's language (kept for callers; the features themselves are language-independent). */
  lang: 'en' | 'es' | null;
  claims: readonly Claim[];
  /** `leadText(body, FEATURE_BODY_WORDS)`, when already at hand. */
  bodyLead?: string;
  /** `tokenize(title)` and `tokenize(leadText(body, FEATURE_BODY_WORDS))`, when already at hand. */
  tokens?: { title: string[]; body: string[] };
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
  const bodyLead = input.bodyLead ?? leadText(input.body, FEATURE_BODY_WORDS);
  const text = `${input.title}\n${bodyLead}`;
  const tokens = input.tokens ? [...input.tokens.title, ...input.tokens.body] : tokenize(text);
  const features = new Set<string>();
  for (const e of entities.find(tokens)) features.add(`e:${e}`);
  const known = input.known;
  const claimed = new Set<number>();
  for (const c of input.claims) {
    if (known?.has(c.value)) continue;
    features.add(`m:${c.metric}=${c.value}`);
    claimed.add(c.value);
  }
  // A claimed figure is counted once, as a claim, not again as a bare number.
  for (const n of extractNumbers(text))
    if (!known?.has(Number(n)) && !claimed.has(Number(n))) features.add(`n:${n}`);
  for (const c of conceptsOf(tokens)) features.add(`${SITUATION_CONCEPTS.has(c) ? 's' : 'c'}:${c}`);
  const properSource = isTitleCase(input.title) ? bodyLead : `${input.title}\n${bodyLead}`;
  for (const p of extractProperNouns(properSource, entities.aliasTokens)) features.add(`p:${p}`);
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
