/**
 * Names in a story, as clustering evidence that outlets in English and Spanish share: the
 * capitalised words of people, places and bodies outside the brief (`Izalco`, `Castell`), and
 * acronyms — written ones (`PNC`, `FGR`) and the initials of the names they stand for ("Policía
 * Nacional Civil" → `PNC`), so a story that spells a body out and one that abbreviates it meet.
 * An acronym defined in the text ("the Terrorism Confinement Center (CECOT)", "HRW (Human Rights
 * Watch)") counts as both its letters and its name's initials.
 */
import { tokenize } from '../text/index.js';

const STOP = new Set(
  // English
  (
    'the a an and or but of to in on at by for from with without into over under about after before ' +
    'as is are was were be been being has have had do does did will would can could should may might ' +
    'must shall this that these those it its they them their there here he she his her him we our us ' +
    'you your i me my who whom whose which what when where why how not no nor than then so such also ' +
    'just more most some any all each other new says said say told according while during since ' +
    'until up out off very only own same too s t one two three four five six seven eight nine ten ' +
    'year years day days week weeks month months monday tuesday wednesday thursday friday saturday ' +
    'sunday january february march april may june july august september october november december ' +
    'mr mrs ms president former people news report reports reported ' +
    // Spanish (folded)
    'el la los las lo un una unos unas y o u e ni pero sino de del al a ante bajo con contra desde en ' +
    'entre hacia hasta para por segun sin sobre tras durante mediante que quien quienes cual cuales ' +
    'cuando donde como es son fue fueron ser sido era eran esta estan estaba ha han habia hay se su sus ' +
    'le les lo me te nos este esta estos estas ese esa esos esas aquel mas muy ya tambien no si otro ' +
    'otra otros otras todo toda todos todas dijo dice afirmo segun ano anos dia dias semana mes meses ' +
    'lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo junio julio ' +
    'agosto septiembre setiembre octubre noviembre diciembre presidente expresidente personas nuevo nueva'
  ).split(/\s+/),
);

/**
 * Capitalised words that name institutions in general rather than anyone in particular: they
 * open half the sentences of court and government news, so they are not name features.
 */
const GENERIC_NAMES = new Set(
  (
    'department departamento ministry ministerio ministro minister government gobierno state states ' +
    'estado estados united unidos unidas house casa white blanca court corte supreme suprema tribunal ' +
    'federal national nacional general direccion centros centro penales penal fiscalia office oficina ' +
    'assembly asamblea legislativa legislative congress congreso senate senado republic republica ' +
    'security seguridad justice justicia public publica publico police policia civil human humanos ' +
    'derechos rights commission comision council consejo agency agencia secretary secretario ' +
    'administration administracion authorities autoridades attorney fiscal judge juez jueza senator ' +
    'senador democratic democrata republican republicano party partido'
  ).split(' '),
);

/** Small words inside a name that its initials skip ("Policía Nacional *de la* República"). */
const NAME_JOINERS = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'el',
  'y',
  'e',
  'of',
  'the',
  'for',
  'and',
  'on',
]);

/** A capitalised word (hyphenated parts too), or an all-capitals one. */
const CAPITALISED = /[\p{Lu}][\p{L}'’]*(?:-[\p{Lu}][\p{L}'’]*)*/gu;
/**
 * A run of capitalised words (dotted capitals too: "F.G.R."), with joiners between them: "Fiscalía
 * General de la República".
 */
const NAME_RUN =
  /(?:\p{Lu}\.){2,}|[\p{Lu}][\p{L}'’-]*(?:\s+(?:(?:de|del|la|las|los|el|y|of|the|for|and|on)\s+)*(?:(?:\p{Lu}\.){2,}|[\p{Lu}][\p{L}'’-]*))*/gu;
/** A word in capitals only: an acronym, a Roman numeral, or shouting. */
const ALL_CAPITALS = /^(?:\p{Lu}\.?){2,}$/u;
/** An acronym as written: three to six capitals, possibly with dots ("F.G.R."). */
const ACRONYM = /^(?:[\p{Lu}]\.?){3,6}$/u;
/** Roman numerals are not acronyms ("XVI", "III"). */
const ROMAN = /^[IVXLCDM]+$/;

/** True when the text before a match ends a sentence, a quote or a line: its capital proves nothing. */
function opensSentence(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = text.slice(Math.max(0, index - 3), index);
  return /(?:^|[.!?¿¡:"“«(]\s*|\n\s*)$/u.test(before) || /^\s*$/.test(before);
}

/** True when most long words of a title are capitalised ("Judge Orders Hearings For…"). */
export function isTitleCase(title: string): boolean {
  const words = title.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 3) return false;
  const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps / words.length > 0.6;
}

/** Capitalised words that are not sentence-initial, folded; stop words and `skip` (brief aliases) left out. */
export function extractProperNouns(text: string, skip: ReadonlySet<string>): string[] {
  const words: string[] = [];
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(text); m; m = CAPITALISED.exec(text)) {
    if (!opensSentence(text, m.index)) words.push(m[0]);
  }
  // One tokenize over all the words: folding is the costly step, so it runs once.
  const out = new Set<string>();
  for (const token of tokenize(words.join(' '))) {
    if (
      token.length < 3 ||
      STOP.has(token) ||
      GENERIC_NAMES.has(token) ||
      skip.has(token) ||
      /^\d+$/.test(token)
    )
      continue;
    out.add(token);
  }
  return [...out].sort();
}

/** The initials of a name's words, joiners skipped: "Policía Nacional Civil" → "PNC". */
export function initialsOf(name: string): string {
  return tokenize(name)
    .filter((w) => !NAME_JOINERS.has(w))
    .map((w) => w.charAt(0))
    .join('')
    .toUpperCase();
}

/** A name's initials when they make an acronym: three to six letters from as many words. */
function acronymOfName(name: string): string | null {
  const initials = initialsOf(name);
  return initials.length >= 3 && initials.length <= 6 && /^[A-Z]+$/.test(initials) ? initials : null;
}

/** The letters of a written acronym ("F.G.R." → "FGR"), or null when the word is not one. */
function writtenAcronym(word: string): string | null {
  if (!ACRONYM.test(word)) return null;
  const letters = tokenize(word).join('').toUpperCase();
  return ROMAN.test(letters) ? null : letters;
}

/**
 * Acronyms a text names: written ones, the initials of names of three to six capitalised words,
 * and both sides of a definition ("Name (ACR)" or "ACR (Name)"). Two words in capitals in a row
 * are shouting ("SAN SALVADOR", "BREAKING NEWS"), not acronyms. `known` maps acronyms that stand for the
 * brief's entities to those entities; they are left to entity features, and returned apart.
 */
export function extractAcronyms(
  text: string,
  known: ReadonlyMap<string, string>,
): { acronyms: string[]; entities: string[] } {
  const acronyms = new Set<string>();
  const entities = new Set<string>();
  const add = (letters: string | null): void => {
    if (!letters) return;
    const entity = known.get(letters);
    if (entity) entities.add(entity);
    else acronyms.add(letters);
  };
  NAME_RUN.lastIndex = 0;
  for (let m = NAME_RUN.exec(text); m; m = NAME_RUN.exec(text)) {
    const run = m[0];
    const words = run.split(/\s+/);
    const capitals = words.filter((w) => ALL_CAPITALS.test(w)).length;
    if (words.some((w, i) => i > 0 && ALL_CAPITALS.test(w) && ALL_CAPITALS.test(words[i - 1]!))) continue;
    for (const w of words) add(writtenAcronym(w));
    // The initials of a name of several capitalised words; two words make too short an acronym
    // unless the text defines it.
    if (capitals === 0 && words.length >= 3) add(acronymOfName(run));
    // A definition: the name, then its acronym in brackets, or the other way round.
    const end = m.index + run.length;
    const bracketed = /^\s*\(([^()]{2,100})\)/u.exec(text.slice(end, end + 110))?.[1]?.trim();
    if (!bracketed) continue;
    const inner = writtenAcronym(bracketed);
    if (inner && capitals === 0 && words.length >= 2) {
      add(inner);
      add(acronymOfName(run));
    } else if (!inner && words.length === 1 && capitals === 1) {
      add(acronymOfName(bracketed));
    }
  }
  return { acronyms: [...acronyms].sort(), entities: [...entities].sort() };
}

/**
 * The dateline that opens wire copy ("SAN SALVADOR (AIN) —", "WASHINGTON (HP) -"): the agency's
 * tag is in every story it files, so it says nothing about the event.
 */
const DATELINE = /^\s*[\p{Lu}][\p{Lu}\p{M} .,'’-]*(?:\([^()]{1,30}\))?\s*[—–-]+\s*/u;

/** The text without its opening dateline. */
export function withoutDateline(text: string): string {
  const m = DATELINE.exec(text);
  return m ? text.slice(m[0].length) : text;
}
