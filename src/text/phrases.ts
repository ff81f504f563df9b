/**
 * Phrase search over word tokens: accent- and case-insensitive, on whole words, with plurals (and
 * Spanish gender) folded. Two words are the same when their folded forms are equal or their
 * English or Spanish stems are; a pattern word ending in `*` matches any word it begins
 * ("deport*" → "deported", "deportados"). Shared by beat matching and claim vocabulary.
 */
import { stem } from './stem.js';
import { tokenize } from './tokenize.js';

/** One word in its comparable forms. */
interface WordKeys {
  folded: string;
  en: string;
  es: string;
}

/** Keys of words already seen: news copy repeats its words, and stemming each costs time. */
const KEYS = new Map<string, WordKeys>();
const MAX_KEYS = 50_000;

function keysOf(word: string): WordKeys {
  let keys = KEYS.get(word);
  if (!keys) {
    keys = { folded: word, en: stem(word, 'en'), es: stem(word, 'es') };
    if (KEYS.size >= MAX_KEYS) KEYS.clear();
    KEYS.set(word, keys);
  }
  return keys;
}

/** Text prepared once for many phrase searches. */
export interface PreparedText {
  words: readonly WordKeys[];
}

/** A phrase compiled for search; `source` is the phrase as written. */
export interface Phrase {
  source: string;
  words: ReadonlyArray<WordKeys | { prefix: string }>;
}

/** A found phrase: word indexes into the prepared text, end exclusive. */
export interface PhraseHit {
  start: number;
  end: number;
}

/** Tokenizes and stems `s` once so that many phrases can be searched in it. */
export function prepareText(s: string): PreparedText {
  return prepareTokens(tokenize(s));
}

/** Like {@link prepareText} for text already split into folded word tokens (`tokenize`). */
export function prepareTokens(tokens: readonly string[]): PreparedText {
  return { words: tokens.map(keysOf) };
}

/** Word positions by each comparable form, so a phrase is looked up rather than scanned for. */
interface WordIndex {
  folded: Map<string, number[]>;
  en: Map<string, number[]>;
  es: Map<string, number[]>;
}

/** Texts shorter than this are scanned: building their index would cost more than it saves. */
const INDEX_MIN_WORDS = 6;
const indexes = new WeakMap<PreparedText, WordIndex>();

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

function indexOf(text: PreparedText): WordIndex {
  let index = indexes.get(text);
  if (!index) {
    index = { folded: new Map(), en: new Map(), es: new Map() };
    text.words.forEach((w, i) => {
      push(index!.folded, w.folded, i);
      push(index!.en, w.en, i);
      push(index!.es, w.es, i);
    });
    indexes.set(text, index);
  }
  return index;
}

const NONE: readonly number[] = [];

/** Word positions where `first` matches, ascending, without repeats. */
function startsOf(text: PreparedText, first: WordKeys): readonly number[] {
  const index = indexOf(text);
  const a = index.folded.get(first.folded) ?? NONE;
  const b = index.en.get(first.en) ?? NONE;
  const c = index.es.get(first.es) ?? NONE;
  if (b.length === 0 && c.length === 0) return a;
  if (a.length === 0 && c.length === 0) return b;
  if (a.length === 0 && b.length === 0) return c;
  return [...new Set([...a, ...b, ...c])].sort((x, y) => x - y);
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

function sameWord(pattern: WordKeys | { prefix: string }, word: WordKeys): boolean {
  if ('prefix' in pattern) return word.folded.startsWith(pattern.prefix);
  return pattern.folded === word.folded || pattern.en === word.en || pattern.es === word.es;
}

/** Every place where `phrase` occurs in `text`, left to right, overlapping hits included. */
export function findPhrase(text: PreparedText, phrase: Phrase): PhraseHit[] {
  const hits: PhraseHit[] = [];
  const n = phrase.words.length;
  const first = phrase.words[0];
  if (first && !('prefix' in first) && text.words.length >= INDEX_MIN_WORDS) {
    for (const i of startsOf(text, first)) {
      if (i + n > text.words.length) break;
      let ok = true;
      for (let j = 1; j < n && ok; j++) ok = sameWord(phrase.words[j]!, text.words[i + j]!);
      if (ok) hits.push({ start: i, end: i + n });
    }
    return hits;
  }
  for (let i = 0; i + n <= text.words.length; i++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) ok = sameWord(phrase.words[j]!, text.words[i + j]!);
    if (ok) hits.push({ start: i, end: i + n });
  }
  return hits;
}

/**
 * Many phrases compiled for one pass over a text: each is listed under the comparable forms of
 * its first word, so the text's words look up the phrases they may start instead of every phrase
 * scanning the text.
 */
export interface PhraseSet {
  readonly phrases: readonly Phrase[];
  /** Phrase numbers by the folded, English-stem and Spanish-stem form of their first word. */
  readonly byFolded: ReadonlyMap<string, readonly number[]>;
  readonly byEn: ReadonlyMap<string, readonly number[]>;
  readonly byEs: ReadonlyMap<string, readonly number[]>;
  /** Phrases whose first word is a prefix (`deport*`): searched one by one. */
  readonly prefixed: readonly number[];
}

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
  return { phrases, byFolded, byEn, byEs, prefixed };
}

const NO_HITS: readonly PhraseHit[] = Object.freeze([]);

/**
 * The hits of every phrase of `set` in `text`: entry `p` is what `findPhrase(text, set.phrases[p])`
 * returns (left to right, overlapping hits included). Phrases without a hit share one empty list.
 */
export function findPhrases(text: PreparedText, set: PhraseSet): ReadonlyArray<readonly PhraseHit[]> {
  const out: Array<readonly PhraseHit[]> = new Array(set.phrases.length).fill(NO_HITS);
  const words = text.words;
  for (let i = 0; i < words.length; i++) {
    for (const p of startingWith(set, words[i]!)) {
      const phrase = set.phrases[p]!;
      const n = phrase.words.length;
      if (i + n > words.length) continue;
      let ok = true;
      for (let j = 1; j < n && ok; j++) ok = sameWord(phrase.words[j]!, words[i + j]!);
      if (!ok) continue;
      const hit = { start: i, end: i + n };
      if (out[p] === NO_HITS) out[p] = [hit];
      else (out[p] as PhraseHit[]).push(hit);
    }
  }
  for (const p of set.prefixed) {
    const hits = findPhrase(text, set.phrases[p]!);
    if (hits.length > 0) out[p] = hits;
  }
  return out;
}

/** Per phrase set, the phrases each word (by its keys object) may start; see {@link startingWith}. */
const STARTING = new WeakMap<PhraseSet, Map<WordKeys, readonly number[]>>();

/**
 * The phrases of `set` whose first word is `word` (same folded form or same stem), each once.
 * Remembered per word: a story's words recur across stories, and one lookup replaces three.
 */
function startingWith(set: PhraseSet, word: WordKeys): readonly number[] {
  let byWord = STARTING.get(set);
  if (!byWord) {
    byWord = new Map();
    STARTING.set(set, byWord);
  }
  let list = byWord.get(word);
  if (!list) {
    const a = set.byFolded.get(word.folded) ?? NONE;
    const b = set.byEn.get(word.en) ?? NONE;
    const c = set.byEs.get(word.es) ?? NONE;
    list = b.length === 0 && c.length === 0 ? a : [...new Set([...a, ...b, ...c])];
    if (byWord.size >= MAX_KEYS) byWord.clear();
    byWord.set(word, list);
  }
  return list;
}
