/**
 * Folding: one canonical form of text for comparison, so "Cárcel", "CARCEL" and "cárcel" are the
 * same word and typographic quotes or dashes do not break a phrase.
 */

/** Typographic punctuation → its plain ASCII form. */
const PUNCTUATION: ReadonlyArray<[RegExp, string]> = [
  [/[\u2018\u2019\u201a\u201b\u2032\u00b4\u0060]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]/g, '-'],
  [/\u2026/g, '...'],
  // Non-breaking, thin and other fixed-width spaces: outlets use them inside numbers ("1 335").
  [/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' '],
  // Zero-width characters and soft hyphens split words invisibly.
  [/[\u00ad\u200b-\u200d\u2060\ufeff]/g, ''],
];

/**
 * Lower-cases, strips accents and other diacritics ("á" → "a", "ñ" → "n", "ü" → "u"), and maps
 * typographic quotes, dashes and spaces to plain ones. The result is meant for comparison, never
 * for display.
 */
export function foldText(s: string): string {
  let out = s.normalize('NFKD').replace(/\p{M}+/gu, '');
  for (const [pattern, replacement] of PUNCTUATION) out = out.replace(pattern, replacement);
  return out.toLowerCase();
}
