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
  WORD.lastIndex = 0;
  for (let m = WORD.exec(folded); m !== null; m = WORD.exec(folded)) {
    tokens.push({ text: m[0], start: m.index, end: WORD.lastIndex });
  }
  return tokens;
}
