/**
 * Phrase search over word tokens: accent- and case-insensitive, on whole words, with plurals (and
 * Spanish gender) folded. Two words are the same when their folded forms are equal or their
 * English or Spanish stems are; a pattern word ending in `*` matches any word it begins
 * ("deport*" → "deported", "deportados"). Shared by beat matching and claim vocabulary.
 */
import { LRUCache } from 'lru-cache';
import { stem } from './stem.js';
import { tokenize } from './tokenize.js';

/** One word in its comparable forms. */
interface WordKeys {
  folded: string;
  en: string;
  es: string;
}

/**
 * The comparable forms of words seen lately. Phrase search asks for the forms of every word of
 * every text, and news copy repeats its words, so they are worked out once per word while it is
 * in use; the cache is bounded, so a long-running worker's memory does not grow with the words it
 * has met. This is the analysis' one cache: everything else is worked out each time.
 */
const WORD_KEYS = new LRUCache<string, WordKeys>({ max: 20_000 });

function keysOf(word: string): WordKeys {
  let keys = WORD_KEYS.get(word);
  if (!keys) {
    keys = { folded: word, en: stem(word, 'en'), es: stem(word, 'es') };
    WORD_KEYS.set(word, keys);
  }
  return keys;
}

/** Text prepared once for many phrase searches: its folded word tokens. */
export interface PreparedText {
  readonly tokens: readonly string[];
}

/** One word of a compiled phrase: a whole word in its comparable forms, or a prefix (`deport*`). */
type PatternWord = WordKeys | { prefix: string };

/** A phrase compiled for search; `source` is the phrase as written. */
export interface Phrase {
  source: string;
  words: readonly PatternWord[];
}

/** A found phrase: word indexes into the prepared text, end exclusive. */
export interface PhraseHit {
  start: number;
  end: number;
}

/** Tokenizes `s` once so that many phrases can be searched in it. */
export function prepareText(s: string): PreparedText {
  return { tokens: tokenize(s) };
}

/** Like {@link prepareText} for text already split into folded word tokens (`tokenize`). */
export function prepareTokens(tokens: readonly string[]): PreparedText {
  return { tokens };
}

/** Compiles a phrase; returns null when it holds no word at all (e.g. only punctuation). */
export function compilePhrase(source: string): Phrase | null {
  const parts = source
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((part) => {
      const wildcard = part.endsWith('*');
      const words = tokenize(wildcard ? part.slice(0, -1) : part);
      if (wildcard && words.length > 0) {
        const last = words.pop()!;
        return [...words.map(keysOf), { prefix: last }];
      }
      return words.map(keysOf);
    });
  return parts.length > 0 ? { source, words: parts } : null;
}

/**
 * True when the folded token `token` is the pattern word: it begins with the prefix, or it has
 * the same folded form or the same English or Spanish stem. Stems are looked up only when the
 * token is not the word itself.
 */
function sameWord(pattern: PatternWord, token: string): boolean {
  if ('prefix' in pattern) return token.startsWith(pattern.prefix);
  if (pattern.folded === token) return true;
  const keys = keysOf(token);
  return pattern.en === keys.en || pattern.es === keys.es;
}

/** True when `phrase` occurs in `tokens` at word `i` (its first word included). */
function occursAt(phrase: Phrase, tokens: readonly string[], i: number, from: number): boolean {
  const words = phrase.words;
  if (i + words.length > tokens.length) return false;
  for (let j = from; j < words.length; j++) if (!sameWord(words[j]!, tokens[i + j]!)) return false;
  return true;
}

/** Every place where `phrase` occurs in `text`, left to right, overlapping hits included. */
export function findPhrase(text: PreparedText, phrase: Phrase): PhraseHit[] {
  const hits: PhraseHit[] = [];
  const n = phrase.words.length;
  for (let i = 0; i + n <= text.tokens.length; i++) {
    if (occursAt(phrase, text.tokens, i, 0)) hits.push({ start: i, end: i + n });
  }
  return hits;
}

/**
 * Many phrases compiled for one pass over a text: each text token looks up the phrases it may
 * start instead of every phrase scanning the text.
 */
export interface PhraseSet {
  readonly phrases: readonly Phrase[];
  /** Phrase numbers by the folded, English-stem and Spanish-stem form of their first word. */
  readonly byFolded: ReadonlyMap<string, readonly number[]>;
  readonly byEn: ReadonlyMap<string, readonly number[]>;
  readonly byEs: ReadonlyMap<string, readonly number[]>;
  /** Phrases whose first word is a prefix (`deport*`). */
  readonly prefixed: readonly number[];
  /** What {@link findPhrases} returns for a text holding none of the phrases; results start as a copy. */
  readonly noHits: ReadonlyArray<readonly PhraseHit[]>;
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** The hits of a phrase that does not occur: one shared empty list. */
const NO_HITS: readonly PhraseHit[] = Object.freeze([]);

/** Compiles phrases for {@link findPhrases}; hits come back in the order of `phrases`. */
export function compilePhraseSet(phrases: readonly Phrase[]): PhraseSet {
  const byFolded = new Map<string, number[]>();
  const byEn = new Map<string, number[]>();
  const byEs = new Map<string, number[]>();
  const prefixed: number[] = [];
  phrases.forEach((phrase, p) => {
    const first = phrase.words[0];
    if (!first) return;
    if ('prefix' in first) {
      prefixed.push(p);
      return;
    }
    push(byFolded, first.folded, p);
    push(byEn, first.en, p);
    push(byEs, first.es, p);
  });
  const noHits = new Array<readonly PhraseHit[]>(phrases.length).fill(NO_HITS);
  return { phrases, byFolded, byEn, byEs, prefixed, noHits };
}

const NONE: readonly number[] = Object.freeze([]);

/** The phrases of `set` whose first word matches `token` (see {@link sameWord}), each once. */
function startingWith(set: PhraseSet, token: string): readonly number[] {
  const keys = keysOf(token);
  const folded = set.byFolded.get(keys.folded);
  const en = set.byEn.get(keys.en);
  const es = set.byEs.get(keys.es);
  let found: number[] | null = null;
  // Most tokens start no phrase, and the rest one or two: a short list, not a set.
  for (const list of [folded, en, es]) {
    if (!list) continue;
    for (const p of list) {
      if (!found) found = [p];
      else if (!found.includes(p)) found.push(p);
    }
  }
  for (const p of set.prefixed) {
    if (!sameWord(set.phrases[p]!.words[0]!, token)) continue;
    if (!found) found = [p];
    else if (!found.includes(p)) found.push(p);
  }
  return found ?? NONE;
}

/**
 * The hits of every phrase of `set` in `text`: entry `p` is what `findPhrase(text, set.phrases[p])`
 * returns (left to right, overlapping hits included). Phrases without a hit share one empty list.
 */
export function findPhrases(text: PreparedText, set: PhraseSet): ReadonlyArray<readonly PhraseHit[]> {
  const out = set.noHits.slice();
  const tokens = text.tokens;
  for (let i = 0; i < tokens.length; i++) {
    for (const p of startingWith(set, tokens[i]!)) {
      const phrase = set.phrases[p]!;
      if (!occursAt(phrase, tokens, i, 1)) continue;
      const hit = { start: i, end: i + phrase.words.length };
      if (out[p] === NO_HITS) out[p] = [hit];
      else (out[p] as PhraseHit[]).push(hit);
    }
  }
  return out;
}
