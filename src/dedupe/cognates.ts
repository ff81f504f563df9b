/**
 * Cognates: English and Spanish share much of their vocabulary of public life ("inspection" /
 * "inspección", "commission" / "comisión", "tuberculosis", "autopsy" / "autopsia"). Each content
 * word is reduced to a short key by the spelling correspondences between the two languages, so
 * a word and its cognate, and a word's own inflections, get the same key; a story's keys are
 * clustering evidence that also works within one language.
 *
 * The key is crude on purpose (the first letters of a normalised spelling): it also gives some
 * unrelated words one key, which the inverse document frequency of the index discounts, and it
 * needs no word list.
 */

/** Letters a key keeps: enough to tell most words apart, few enough to reach across inflections. */
export const KEY_LETTERS = 5;

/** Folded words that carry no content, in either language (articles, pronouns, auxiliaries…). */
const FUNCTION_WORDS = new Set(
  (
    'about above after again against among because before being below between could during every ' +
    'other their there these those through under until where which while would should might ' +
    'since still though whose within without years months weeks today yesterday' +
    ' ademas algunos algunas antes aunque cada cuando desde despues donde durante entre estaba ' +
    'estaban hacia hasta mientras mismo misma nuestro nuestra otros otras porque puede pueden segun ' +
    'siempre sobre solo tambien tiene tienen todos todas aquel aquella cual cuales quien quienes ' +
    'hasta dijo dicen afirmo segun semana semanas meses'
  ).split(/\s+/),
);

/** Spelling correspondences, applied in order to a folded word. */
const SPELLINGS: ReadonlyArray<[RegExp, string]> = [
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/k/g, 'c'],
  [/(?<=.)y/g, 'i'],
  // "-tion" / "-ción", "-ssion" / "-sión".
  [/ti(?=[aeou])/g, 'ci'],
  // Doubled letters: "commission" / "comisión", "anniversary" / "aniversario".
  [/([a-z])\1+/g, '$1'],
];

/**
 * The cognate key of a folded word token, or null for a short word, a function word or one that
 * is not all letters. `lang` is the story's language: Spanish puts an "e" before an initial "s"
 * and a consonant ("escándalo" / "scandal"), which the key drops. A longer key (`letters`) tells
 * more words apart ("county" / "counts") and still meets most cognates.
 */
export function cognateKey(token: string, lang: 'en' | 'es' | null, letters = KEY_LETTERS): string | null {
  if (token.length < KEY_LETTERS || !/^[a-z]+$/.test(token) || FUNCTION_WORDS.has(token)) return null;
  let w = lang === 'es' && /^es[^aeiou]/.test(token) ? token.slice(1) : token;
  for (const [pattern, replacement] of SPELLINGS) w = w.replace(pattern, replacement);
  return w.length >= KEY_LETTERS ? w.slice(0, letters) : null;
}

/**
 * The cognate keys of a story's folded word tokens, sorted, without repeats; words in `skip` (the
 * brief's aliases, which are entity features already) are left out.
 */
export function cognatesOf(
  tokens: readonly string[],
  lang: 'en' | 'es' | null,
  skip: ReadonlySet<string> = new Set(),
  letters = KEY_LETTERS,
): string[] {
  const out = new Set<string>();
  for (const token of tokens) {
    if (skip.has(token)) continue;
    const key = cognateKey(token, lang, letters);
    if (key) out.add(key);
  }
  return [...out].sort();
}
