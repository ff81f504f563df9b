/**
 * Numbers as news copy writes them, in English and Spanish: "90,000", "90.000", "1 335" (thin or
 * normal space groups), "1.5 million", "1,5 millones", "90 mil", "two hundred", "doscientos",
 * "ochenta y cinco mil novecientos". Works on folded text (see `foldText`).
 *
 * A separator followed by exactly three digits groups thousands, whichever the separator;
 * otherwise it is a decimal mark ("1.5", "1,5"). Vague quantities ("hundreds", "cientos",
 * "miles de", "thousands") are not numbers.
 */

/** A number found in folded text. */
export interface NumberMention {
  value: number;
  /** Character span in the folded text, scale word included ("1.5 million"). */
  start: number;
  end: number;
  /** Written as a plain run of digits with no separator or scale ("2022"): a year candidate. */
  plainDigits: boolean;
  /** Written in words ("two hundred"). */
  words: boolean;
}

/** Scale words written after digits ("90 mil", "1.5 million"), English and Spanish, folded. */
export const SCALES: Readonly<Record<string, number>> = {
  thousand: 1e3,
  mil: 1e3,
  k: 1e3,
  million: 1e6,
  millions: 1e6,
  millon: 1e6,
  millones: 1e6,
  billion: 1e9,
  billions: 1e9,
};

// Grouped ("90,000", "1.335.000", "1 335"), decimal ("1.5", "1,5") or plain digits, optionally
// followed by a scale word. Spanish "mil millones" is a thousand million.
const DIGITS =
  /(?<![\p{L}\p{N}])(\d{1,3}(?:,\d{3})+(?![,.]?\d)|\d{1,3}(?:\.\d{3})+(?![,.]?\d)|\d{1,3}(?: \d{3})+(?!\d)|\d+[.,]\d{1,2}(?!\d)|\d+)(?:\s?(mil millones|thousand|millones|millions|million|millon|billion|mil|k)\b)?(?![\p{L}])/gu;

function parseDigits(raw: string): number {
  if (/^\d+[.,]\d{1,2}$/.test(raw)) return Number(raw.replace(',', '.'));
  return Number(raw.replace(/[ .,]/g, ''));
}

const UNITS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  uno: 1,
  una: 1,
  un: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciseis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veintiuno: 21,
  veintiun: 21,
  veintiuna: 21,
  veintidos: 22,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiseis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
  cien: 100,
  ciento: 100,
  doscientos: 200,
  doscientas: 200,
  trescientos: 300,
  trescientas: 300,
  cuatrocientos: 400,
  cuatrocientas: 400,
  quinientos: 500,
  quinientas: 500,
  seiscientos: 600,
  seiscientas: 600,
  setecientos: 700,
  setecientas: 700,
  ochocientos: 800,
  ochocientas: 800,
  novecientos: 900,
  novecientas: 900,
};
const HUNDRED = new Set(['hundred']);
const WORD_SCALES: Record<string, number> = {
  thousand: 1e3,
  mil: 1e3,
  million: 1e6,
  millon: 1e6,
  millones: 1e6,
  millions: 1e6,
  centenar: 100,
  centenares: 100,
  millar: 1e3,
  millares: 1e3,
};
// Plural scales on their own are vague quantities: "millones de personas", "centenares de presos".
const PLURAL_SCALES = new Set(['millones', 'millions', 'centenares', 'millares']);
// Words that only make a number together with others: "a hundred", "un millón", "y" in "treinta y cinco".
const ARTICLES = new Set(['a', 'un', 'una', 'one', 'uno']);
const JOINERS = new Set(['and', 'y']);

const WORD_RUN = /[\p{L}]+(?:-[\p{L}]+)*/gu;

/**
 * Finds, as a whole word, a number word other than an article ("un", "one"…), or a number word
 * opening a hyphenated one ("twenty-five"). A run of number words without such a word is articles
 * and joiners only, which is no number, so text this does not match holds no number in words and
 * {@link findNumbers} need not read its words one by one.
 */
const MAY_HOLD_NUMBER_WORDS = (() => {
  const keys = [...Object.keys(UNITS), ...HUNDRED, ...Object.keys(WORD_SCALES)];
  const standalone = keys.filter((w) => !ARTICLES.has(w));
  const hyphenated = Object.keys(UNITS);
  // The start or a non-letter before the word: the same test as a lookbehind, and faster.
  return new RegExp(
    `(?:^|\\P{L})(?:(?:${standalone.join('|')})(?!\\p{L})|(?:${hyphenated.join('|')})-\\p{L})`,
    'u',
  );
})();

/** True for a key of `table` itself ("once", "mil"), not one it inherits ("constructor"). */
const has = (table: Readonly<Record<string, number>>, w: string): boolean => Object.hasOwn(table, w);

function isNumberWord(w: string): boolean {
  return has(UNITS, w) || HUNDRED.has(w) || has(WORD_SCALES, w) || w.split('-').every((p) => has(UNITS, p));
}

/** Value of a run of number words, or null when the run is not a number on its own. */
function parseWords(words: string[]): number | null {
  let total = 0;
  let current = 0;
  let hasScale = false;
  let largest = 0;
  let multiplied = false;
  for (const w of words) {
    if (JOINERS.has(w)) continue;
    if (PLURAL_SCALES.has(w) && !multiplied && total === 0 && current === 0) return null;
    multiplied = true;
    if (has(WORD_SCALES, w)) {
      const scale = WORD_SCALES[w]!;
      // "mil millones": a larger scale multiplies everything before it.
      if (scale > largest && total > 0) total = (total + current) * scale;
      else total += (current || 1) * scale;
      largest = Math.max(largest, scale);
      current = 0;
      hasScale = true;
    } else if (HUNDRED.has(w)) {
      current = (current || 1) * 100;
      hasScale = true;
    } else {
      for (const part of w.split('-')) current += has(UNITS, part) ? UNITS[part]! : 0;
    }
  }
  const value = total + current;
  // "one", "un", "tres": articles and small counts ("three decades", "two men") are not figures
  // a beat tracks; a figure in words is a hundred or more, or twenty and up.
  if (!hasScale && value < 20) return null;
  return value;
}

/** Every number in folded text, left to right; overlapping forms resolve to the longest. */
export function findNumbers(folded: string): NumberMention[] {
  const found = /\d/.test(folded) ? digitNumbers(folded) : [];
  // Most text holds no number in words: one search rules that out before its words are read.
  if (MAY_HOLD_NUMBER_WORDS.test(folded)) addWordNumbers(folded, found);
  return found.sort((a, b) => a.start - b.start);
}

/**
 * False when {@link findNumbers} finds nothing in folded text, for sure and at little cost: there
 * is no digit and no number word. (True does not promise a number.)
 */
export function mayHoldNumbers(folded: string): boolean {
  return /\d/.test(folded) || MAY_HOLD_NUMBER_WORDS.test(folded);
}

/** Numbers written in digits, left to right. */
function digitNumbers(folded: string): NumberMention[] {
  const found: NumberMention[] = [];
  for (const m of folded.matchAll(DIGITS)) {
    const raw = m[1]!;
    const scaleWord = m[2];
    let value = parseDigits(raw);
    if (scaleWord) value *= scaleWord === 'mil millones' ? 1e9 : SCALES[scaleWord]!;
    // Decimals only make sense as a multiplier ("1.5 million"); "3.5" alone is not a count.
    if (!Number.isInteger(value)) continue;
    found.push({
      value,
      start: m.index,
      end: m.index + m[0].length,
      plainDigits: !scaleWord && /^\d+$/.test(raw),
      words: false,
    });
  }
  return found;
}

/** Adds the numbers written in words that overlap none of `found`. */
function addWordNumbers(folded: string, found: NumberMention[]): void {
  // Runs of number words: consecutive words that are all number words or joiners.
  const words = [...folded.matchAll(WORD_RUN)];
  let i = 0;
  while (i < words.length) {
    const w = words[i]![0];
    if (!isNumberWord(w) || JOINERS.has(w)) {
      i++;
      continue;
    }
    let j = i;
    const run: string[] = [];
    while (j < words.length) {
      const word = words[j]![0];
      const gap = j === i ? '' : folded.slice(words[j - 1]!.index + words[j - 1]![0].length, words[j]!.index);
      if (j > i && !/^[\s-]*$/.test(gap)) break;
      if (
        !(isNumberWord(word) || (JOINERS.has(word) && j + 1 < words.length && isNumberWord(words[j + 1]![0])))
      )
        break;
      run.push(word);
      j++;
    }
    // An article alone before a non-number word is just an article.
    const meaningful = run.filter((x) => !ARTICLES.has(x) && !JOINERS.has(x));
    // "por ciento" is "percent", not a hundred.
    const percent =
      (run[0] === 'ciento' || run[0] === 'cien') && /\bpor\s+$/.test(folded.slice(0, words[i]!.index));
    const value = meaningful.length > 0 && !percent ? parseWords(run) : null;
    if (value !== null) {
      const first = words[i]!;
      const last = words[j - 1]!;
      const start = first.index;
      const end = last.index + last[0].length;
      if (!found.some((n) => n.start < end && start < n.end)) {
        found.push({ value, start, end, plainDigits: false, words: true });
      }
    }
    i = Math.max(j, i + 1);
  }
}
