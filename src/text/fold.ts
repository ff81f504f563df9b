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
 * The folding rules as written: compatibility decomposition, marks dropped, punctuation mapped,
 * lower case. {@link foldText} gives the same result faster; this is its definition.
 */
export function foldTextSlow(s: string): string {
  let out = s.normalize('NFKD').replace(/\p{M}+/gu, '');
  for (const [pattern, replacement] of PUNCTUATION) out = out.replace(pattern, replacement);
  return out.toLowerCase();
}

/**
 * Folded form of each UTF-16 code unit, computed on first sight; `null` marks the units whose
 * folding depends on their neighbours, so a text holding one is folded by the slow path:
 * surrogates (a pair decomposes as one character) and anything that decomposes to a capital
 * sigma (lower-cased to "ς" or "σ" depending on the next letter).
 *
 * Every other step is character by character: decomposition, then dropping every mark (canonical
 * reordering only moves marks, which are all dropped), then the punctuation map, then lower case.
 */
const UNIT_FOLD: Array<string | null | undefined> = new Array(0x10000);

function foldUnit(code: number): string | null {
  let folded = UNIT_FOLD[code];
  if (folded === undefined) {
    if (code >= 0xd800 && code <= 0xdfff) folded = null;
    else {
      const ch = String.fromCharCode(code);
      folded = ch.normalize('NFKD').includes('\u03a3') ? null : foldTextSlow(ch);
    }
    UNIT_FOLD[code] = folded;
  }
  return folded;
}

/**
 * Lower-cases, strips accents and other diacritics ("á" → "a", "ñ" → "n", "ü" → "u"), and maps
 * typographic quotes, dashes and spaces to plain ones. The result is meant for comparison, never
 * for display.
 *
 * Every analysed item is folded many times over, so this is a hot path: runs of plain ASCII (which
 * folding only lower-cases) are lower-cased in one go and other characters come from a table, the
 * same as {@link foldTextSlow} gives.
 */
export function foldText(s: string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    // The backtick is the one ASCII character folding changes beyond case.
    if (code < 0x80 && code !== 0x60) continue;
    const folded = foldUnit(code);
    if (folded === null) return foldTextSlow(s);
    if (i > run) out += s.slice(run, i).toLowerCase();
    out += folded;
    run = i + 1;
  }
  if (run === 0) return s.toLowerCase();
  if (run < s.length) out += s.slice(run).toLowerCase();
  return out;
}
