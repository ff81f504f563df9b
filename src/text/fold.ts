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

/** The code units folding changes beyond case: the backtick and everything outside ASCII. */
const SPECIAL = /[`\u0080-\uffff]/g;

/**
 * Lower-cases, strips accents and other diacritics ("á" → "a", "ñ" → "n", "ü" → "u"), and maps
 * typographic quotes, dashes and spaces to plain ones. The result is meant for comparison, never
 * for display.
 *
 * Every analysed item is folded many times over, so this is a hot path: the few special units
 * are found by a regular expression and replaced from a table, and the whole is lower-cased once,
 * the same as {@link foldTextSlow} gives. (Lower-casing after the table is safe: table entries are
 * already lower case, and no capital sigma, the one letter whose lower case depends on its
 * neighbours, survives in the text.)
 */
export function foldText(s: string): string {
  let out = '';
  let run = 0;
  SPECIAL.lastIndex = 0;
  for (let m = SPECIAL.exec(s); m !== null; m = SPECIAL.exec(s)) {
    const folded = foldUnit(s.charCodeAt(m.index));
    if (folded === null) return foldTextSlow(s);
    out += s.slice(run, m.index) + folded;
    run = m.index + 1;
  }
  return (run === 0 ? s : out + s.slice(run)).toLowerCase();
}
