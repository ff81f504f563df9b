/**
 * Keyword follows: what people type after `follow`, parsed into a query that matches story text.
 * Words match whole words; `"quoted words"` match as a phrase; `OR` separates alternatives; a
 * leading `-` excludes a word or phrase from the whole query. Matching folds case and accents
 * (`carcel` finds "Cárcel"), and a word also matches its plural or singular in English and
 * Spanish (`prison` finds "prisons", `cárcel` finds "cárceles"). Pure.
 */
import { foldText } from '../text/fold.js';

/** A word or phrase, folded, as its words. */
export interface QueryTerm {
  words: string[];
}

/** Alternatives (any may match); each needs all its terms. Exclusions veto the whole query. */
export interface FollowQuery {
  alternatives: QueryTerm[][];
  exclusions: QueryTerm[];
}

/** Why a query cannot be followed. */
export type QueryProblem =
  | { code: 'empty' }
  | { code: 'only-exclusions' }
  | { code: 'too-many-terms'; max: number }
  | { code: 'term-too-long'; max: number };

export type ParsedQuery = { ok: true; query: FollowQuery } | { ok: false; problem: QueryProblem };

/** Most terms in one follow, exclusions included. */
export const MAX_TERMS = 12;
/** Longest term, in characters. */
export const MAX_TERM_LENGTH = 80;

/** The words of folded text: letters and digits, anything else splits. */
function wordsOf(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Parses a query as typed. */
export function parseFollowQuery(text: string): ParsedQuery {
  const alternatives: QueryTerm[][] = [[]];
  const exclusions: QueryTerm[] = [];
  let count = 0;
  // A quoted phrase (straight or typographic quotes), or a run of non-space characters.
  const token = /(-?)(?:["“”«»]([^"“”«»]*)["“”«»]?|(\S+))/g;
  for (const m of text.matchAll(token)) {
    const [, minus, phrase, word] = m;
    if (phrase === undefined && (word === 'OR' || word === '|')) {
      if (alternatives.at(-1)!.length > 0) alternatives.push([]);
      continue;
    }
    const raw = phrase ?? word ?? '';
    if (Array.from(raw).length > MAX_TERM_LENGTH)
      return { ok: false, problem: { code: 'term-too-long', max: MAX_TERM_LENGTH } };
    const words = wordsOf(foldText(raw));
    if (words.length === 0) continue;
    count += 1;
    if (count > MAX_TERMS) return { ok: false, problem: { code: 'too-many-terms', max: MAX_TERMS } };
    if (minus) exclusions.push({ words });
    else alternatives.at(-1)!.push({ words });
  }
  const kept = alternatives.filter((a) => a.length > 0);
  if (kept.length === 0) {
    return { ok: false, problem: { code: exclusions.length > 0 ? 'only-exclusions' : 'empty' } };
  }
  return { ok: true, query: { alternatives: kept, exclusions } };
}

/** The query written back in one canonical form: how follows are stored, shown and told apart. */
export function formatFollowQuery(query: FollowQuery): string {
  const term = (t: QueryTerm) => (t.words.length > 1 ? `"${t.words.join(' ')}"` : t.words[0]!);
  const positive = query.alternatives.map((a) => a.map(term).join(' ')).join(' OR ');
  return [positive, ...query.exclusions.map((t) => `-${term(t)}`)].join(' ');
}

/**
 * The forms a folded word may take in a text: itself, and its English or Spanish plural or
 * singular (`prison`/`prisons`, `carcel`/`carceles`, `country`/`countries`). Short words are
 * kept exact, so `ms` does not become `m`.
 */
function variants(word: string): string[] {
  if (word.length < 4 || /^\d+$/.test(word)) return [word];
  const out = new Set([word, `${word}s`, `${word}es`]);
  if (word.endsWith('es')) out.add(word.slice(0, -2));
  if (word.endsWith('s')) out.add(word.slice(0, -1));
  if (word.endsWith('y')) out.add(`${word.slice(0, -1)}ies`);
  if (word.endsWith('ies')) out.add(`${word.slice(0, -3)}y`);
  return [...out];
}

/** Whether `term` appears in `words` (a folded text's words), as consecutive words for a phrase. */
function contains(words: readonly string[], term: QueryTerm): boolean {
  const forms = term.words.map((w) => new Set(variants(w)));
  for (let i = 0; i + forms.length <= words.length; i += 1) {
    if (forms.every((f, j) => f.has(words[i + j]!))) return true;
  }
  return false;
}

/** The text of one story prepared for matching many queries. */
export interface MatchableText {
  words: readonly string[];
}

/** Folds and splits a story's text once, for {@link matchFollowQuery}. */
export function matchableText(text: string): MatchableText {
  return { words: wordsOf(foldText(text)) };
}

/**
 * The terms of the first alternative that matches, written as in {@link formatFollowQuery}, or
 * null when none matches or an exclusion appears.
 */
export function matchFollowQuery(query: FollowQuery, text: MatchableText): string[] | null {
  if (query.exclusions.some((t) => contains(text.words, t))) return null;
  for (const alternative of query.alternatives) {
    if (alternative.every((t) => contains(text.words, t))) return alternative.map((t) => t.words.join(' '));
  }
  return null;
}

/** A canonical query for a sentence: quoted, unless it holds quoted phrases of its own. */
export function quoteQuery(canonical: string): string {
  return canonical.includes('"') ? canonical : `"${canonical}"`;
}
