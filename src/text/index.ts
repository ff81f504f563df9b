/** Text helpers shared by matching, dedupe, claims and summaries: pure, English and Spanish. */
export { foldText } from './fold.js';
export { detectLanguage, detectLanguageOfTokens } from './language.js';
export {
  compilePhrase,
  compilePhraseSet,
  findPhrase,
  findPhrases,
  type Phrase,
  type PhraseHit,
  type PhraseSet,
  type PreparedText,
  prepareText,
  prepareTokens,
} from './phrases.js';
export { splitSentences } from './sentences.js';
export { stem } from './stem.js';
export { type Token, tokenize, tokenizeWithOffsets } from './tokenize.js';
