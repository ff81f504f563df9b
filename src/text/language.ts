/** A stop-word vote between English and Spanish; enough to pick rules, not a general detector. */
import { tokenize } from './tokenize.js';

// Words frequent in one language and rare in the other (no shared forms such as "a" or "no").
const ENGLISH = new Set(
  'the of and to in is was are were for that with on by from has have had been this it its as at be which who will would said after more than about their they he she not but or an'.split(
    ' ',
  ),
);
const SPANISH = new Set(
  'el la los las de del y en que por para con una un es fue son fueron se su sus al lo como más mas pero sobre desde tras según segun este esta ha han había habia sido dijo entre sin también tambien ya muy'.split(
    ' ',
  ),
);

/** Place names that begin with a Spanish article, by their first word. */
const PLACE_NAMES = new Map<string, ReadonlySet<string>>([
  ['el', new Set(['salvador', 'paso'])],
  ['los', new Set(['angeles', 'alamos'])],
  ['las', new Set(['vegas'])],
  ['la', new Set(['paz'])],
]);

/**
 * Guesses whether a text is English or Spanish by counting stop words. Returns null when the text
 * is too short or too mixed to tell (fewer than two stop words, or no clear majority).
 */
export function detectLanguage(text: string): 'en' | 'es' | null {
  return detectLanguageOfTokens(tokenize(text));
}

/** {@link detectLanguage} on the text's tokens, for callers that have them already. */
export function detectLanguageOfTokens(tokens: readonly string[]): 'en' | 'es' | null {
  let en = 0;
  let es = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (ENGLISH.has(t)) en++;
    // Place names are not Spanish prose: "El Salvador", "Los Angeles", "Las Vegas", "La Paz".
    if (SPANISH.has(t) && !PLACE_NAMES.get(t)?.has(tokens[i + 1] ?? '')) es++;
  }
  if (en + es < 2) return null;
  if (en > es * 1.5) return 'en';
  if (es > en * 1.5) return 'es';
  return null;
}
