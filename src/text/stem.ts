/**
 * A deliberately light stemmer: it folds plurals (and, in Spanish, grammatical gender) so that
 * "prisons"/"prison", "cárceles"/"cárcel", "detenidas"/"detenido" compare equal. It does not try
 * to reduce verbs to roots: conflating more words would make matches harder to explain.
 */
import { foldText } from './fold.js';

const SPANISH_ES_PLURAL_AFTER = new Set(['l', 'r', 'n', 'd', 'z', 'j', 's', 'y']);
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function stemEnglish(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (/(?:ch|sh|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

function stemSpanish(w: string): string {
  if (w.length <= 3) return w;
  let s = w;
  if (s.endsWith('ces') && s.length > 4) {
    s = `${s.slice(0, -3)}z`; // veces → vez, luces → luz
  } else if (s.endsWith('es') && s.length > 4 && SPANISH_ES_PLURAL_AFTER.has(s.charAt(s.length - 3))) {
    s = s.slice(0, -2); // cárceles → carcel, prisiones → prision
  } else if (s.endsWith('s') && VOWELS.has(s.charAt(s.length - 2))) {
    s = s.slice(0, -1); // detenidos → detenido, muertes → muerte
  }
  // Gender: detenido/detenida → detenid, venezolano/venezolana → venezolan.
  if (s.length > 4 && (s.endsWith('o') || s.endsWith('a'))) s = s.slice(0, -1);
  return s;
}

/**
 * Stems one word token for comparison. `lang` picks the rules; with `null` the token is only
 * folded. The input may be unfolded; the output is always folded.
 */
export function stem(token: string, lang: 'en' | 'es' | null): string {
  if (lang === null) return foldText(token);
  const w = foldText(token);
  return lang === 'en' ? stemEnglish(w) : stemSpanish(w);
}
