/**
 * Sentence splitting for English and Spanish news copy. A full stop ends a sentence only when it
 * is followed by space and what looks like the start of a new one, and the word before it is not a
 * known abbreviation ("Sr.", "EE. UU.", "U.S.", "Gen.") or an initial ("B. Bertrand").
 */

// Folded, without the final dot. Titles and abbreviations that are usually followed by a name or
// by more of the same sentence.
const ABBREVIATIONS = new Set([
  // English
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'gen',
  'gov',
  'sen',
  'rep',
  'lt',
  'col',
  'capt',
  'sgt',
  'maj',
  'adm',
  'pres',
  'rev',
  'hon',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'no',
  'nos',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'approx',
  'est',
  // Spanish
  'sra',
  'srta',
  'dra',
  'lic',
  'ing',
  'arq',
  'gral',
  'ee',
  'uu',
  'ee.uu',
  'aprox',
  'num',
  'pag',
  'depto',
  'dpto',
  'av',
  'avda',
  'ud',
  'uds',
  'ene',
  'abr',
  'ago',
  'dic',
  'cap',
  'art',
  'inc',
]);

/** One character (a surrogate pair counts as one) that is a letter or a dot. */
const LETTER_OR_DOT = /^[\p{L}.]$/u;

/**
 * The run of letters and dots that ends `s` (what `/[\p{L}.]+$/u` matches), or "". Read from the
 * end: the text before a full stop is often a whole paragraph, and only its last word counts.
 */
function lastWord(s: string): string {
  let i = s.length;
  while (i > 0) {
    const code = s.charCodeAt(i - 1);
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x2e) {
      i--;
      continue;
    }
    if (code < 0x80) break;
    // A low surrogate after a high one is the second half of one character.
    const width = code >= 0xdc00 && code <= 0xdfff && i >= 2 && isHighSurrogate(s.charCodeAt(i - 2)) ? 2 : 1;
    if (!LETTER_OR_DOT.test(s.slice(i - width, i))) break;
    i -= width;
  }
  return s.slice(i);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Lower case without diacritics ("Gral" → "gral", "Pág" → "pag"). */
function plainLower(word: string): string {
  const lower = word.toLowerCase();
  // Plain a–z has nothing to decompose or strip.
  return /^[a-z.]*$/.test(lower) ? lower : lower.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** True when the text before a dot ends with an abbreviation, an initial or a dotted acronym. */
function endsWithAbbreviation(before: string): boolean {
  const last = lastWord(before);
  if (!last) return false;
  const word = plainLower(last);
  if (ABBREVIATIONS.has(word)) return true;
  // Single letters ("B." in a byline, "J. Smith") and dotted acronyms ("U.S", "U.N", "a.m").
  if (/^\p{L}$/u.test(word)) return true;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  return false;
}

// Country abbreviations often close a sentence ("…deportados desde EE. UU. El Gobierno dijo…");
// they do when the next word is one that starts sentences rather than names.
const MAY_END_SENTENCE = new Set(['uu', 'ee.uu', 'u.s', 'u.s.a', 'etc']);
const SENTENCE_STARTERS = new Set(
  'el la los las en según segun un una pero sin también tambien además ademas this the a an in on but it he she they we officials'.split(
    ' ',
  ),
);

function endsSentenceAnyway(before: string, after: string): boolean {
  const last = lastWord(before).toLowerCase();
  if (!last || !MAY_END_SENTENCE.has(last)) return false;
  const next = /^\s*([\p{L}]+)/u.exec(after)?.[1];
  return !!next && SENTENCE_STARTERS.has(next.toLowerCase());
}

/**
 * Splits text into sentences. Line breaks always end a sentence (titles, paragraphs); `.`, `!`,
 * `?` and `…` end one when followed by whitespace and an upper-case letter, a digit, an opening
 * quote or an inverted Spanish mark. Dots inside numbers ("90.000") never split, because no space
 * follows them. Returns trimmed, non-empty sentences as written.
 */
export function splitSentences(s: string): string[] {
  const out: string[] = [];
  for (const para of s.split(/\r?\n+/)) {
    if (para !== lastParagraph.text) lastParagraph = { text: para, sentences: paragraphSentences(para) };
    out.push(...lastParagraph.sentences);
  }
  return out;
}

/**
 * The last paragraph split, with its sentences. The analysis splits a story's title and body for
 * its figures, then the opening of the body again for its summary: for the usual one-paragraph
 * body that is the same paragraph, split once. A cache of one entry, so the results stay those of
 * a pure function.
 */
let lastParagraph: { text: string; sentences: readonly string[] } = { text: '', sentences: [] };

/** The sentences of one paragraph (text without line breaks). */
function paragraphSentences(para: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /([.!?\u2026]+)(["'\u201d\u2019»)\]]*)(\s+)(?=["'\u201c\u2018«([¿¡]?[\p{Lu}\p{N}¿¡])/gu;
  for (const m of para.matchAll(re)) {
    const end = m.index + m[1]!.length + m[2]!.length;
    const before = para.slice(start, m.index);
    if (m[1] === '.' && endsWithAbbreviation(before) && !endsSentenceAnyway(before, para.slice(end)))
      continue;
    const sentence = para.slice(start, end).trim();
    if (sentence) out.push(sentence);
    start = end + m[3]!.length;
  }
  const rest = para.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}
