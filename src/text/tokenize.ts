/** Word tokens of folded text. */
import { foldText } from './fold.js';

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Splits text into folded word tokens: runs of letters and digits. Punctuation, hyphens and
 * apostrophes separate tokens, so "mega-prison" is ["mega", "prison"] and "El Salvador's" is
 * ["el", "salvador", "s"]: phrases match on whole words only.
 */
export function tokenize(s: string): string[] {
  return foldText(s).match(WORD) ?? [];
}

/** A folded word token with where it sits in the folded string. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Like {@link tokenize} but keeps offsets into `foldText(s)`. */
export function tokenizeWithOffsets(s: string): Token[] {
  const folded = foldText(s);
  const tokens: Token[] = [];
  for (const m of folded.matchAll(WORD)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}
