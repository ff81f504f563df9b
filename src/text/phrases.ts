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

function keysOf(word: string): WordKeys {
  return { folded: word, en: stem(word, 'en'), es: stem(word, 'es') };
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
  return { words: tokenize(s).map(keysOf) };
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
  for (let i = 0; i + n <= text.words.length; i++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) ok = sameWord(phrase.words[j]!, text.words[i + j]!);
    if (ok) hits.push({ start: i, end: i + n });
  }
  return hits;
}
