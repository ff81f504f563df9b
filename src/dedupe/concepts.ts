/**
 * A small English–Spanish vocabulary of what news events are made of (courts, appeals,
 * deportations, deaths, releases, transfers, extensions, trials…), so an English and a Spanish
 * report of one event share more than names and figures. Each entry maps folded word prefixes of
 * both languages to one concept; `c:` features are language-independent.
 *
 * The list is deliberately short and about kinds of events, never about one story: a word that
 * names a person, a place or a figure belongs to the brief's entities or to the numbers instead.
 */

/** Concept → folded word prefixes (English and Spanish) that express it. */
const CONCEPTS: Record<string, string[]> = {
  judge: ['judge', 'juez', 'jueza', 'magistrad'],
  court: ['court', 'corte', 'tribunal'],
  hearing: ['hearing', 'audiencia'],
  ruling: ['ruling', 'ruled', 'rules', 'fallo', 'dictamin', 'resolucion'],
  appeal: ['appeal', 'apela', 'apelac', 'recurso'],
  lawsuit: ['lawsuit', 'sued', 'demanda', 'litigi'],
  charges: ['charge', 'indict', 'cargo', 'imputa', 'acusad', 'acusacion'],
  dismiss: ['dismiss', 'toss', 'anular', 'anula', 'desestim', 'sobresee'],
  lawyer: ['lawyer', 'attorney', 'abogad', 'defensa', 'defense'],
  trial: ['trial', 'juicio'],
  sentence: ['sentenc', 'convict', 'condena', 'penas'],
  deport: ['deport', 'expuls', 'removal', 'removed'],
  migrant: ['migrant', 'migrante', 'immigra', 'inmigra'],
  death: ['death', 'died', 'dies', 'deceas', 'muert', 'muri', 'muere', 'falleci'],
  custody: ['custody', 'custodia'],
  release: ['release', 'freed', 'liberad', 'liberac', 'liberar', 'excarcel'],
  transfer: ['transfer', 'traslad', 'trasla'],
  extension: ['extension', 'extend', 'renew', 'prorroga', 'prorrog', 'extiend', 'renueva', 'renovac'],
  legislature: ['assembly', 'lawmaker', 'legislat', 'congress', 'asamblea', 'diputad', 'congreso'],
  senator: ['senator', 'senate', 'senador', 'senado'],
  letter: ['letter', 'carta'],
  inspection: ['inspect', 'inspecc', 'monitor', 'observador'],
  expansion: ['expan', 'wing', 'amplia', 'modulo'],
  capacity: ['capacity', 'capacidad'],
  abuse: ['abuse', 'abuso', 'tortur', 'mistreat', 'maltrat'],
  testimony: ['testimon', 'testif', 'recount', 'relata', 'relato'],
  arrest: ['arrest', 'captur', 'detain', 'detenid', 'detencion'],
  operation: ['raid', 'operation', 'operativo', 'redada'],
  hospital: ['hospital'],
  family: ['famil', 'relative'],
  leader: ['leader', 'cabecilla', 'lider', 'ringleader'],
  hunger_strike: ['hunger', 'huelga'],
  report: ['informe', 'study', 'estudio'],
  statement: ['statement', 'comunicado', 'pronunciamiento'],
  flight: ['flight', 'vuelo', 'plane', 'avion'],
  pause: ['pause', 'paused', 'halt', 'suspend', 'suspen', 'paraliz', 'frena'],
  order: ['ordered', 'orders', 'ordena', 'ordeno'],
  pledge: ['vow', 'pledg', 'promis', 'promet'],
  crackdown: ['crackdown', 'ofensiva'],
};

/**
 * Concepts that describe the beat's standing situation rather than an event: nearly every story
 * on deportations to a prison mentions deportation, custody, arrests or deaths. They still count
 * as shared evidence, but they cannot on their own carry a follow-up across days.
 */
export const SITUATION_CONCEPTS: ReadonlySet<string> = new Set([
  'deport',
  'migrant',
  'custody',
  'arrest',
  'death',
  'family',
  'crackdown',
  'abuse',
]);

/** Prefix → concept, longest prefixes first so `deportad` and `deport` never disagree. */
const PREFIXES: ReadonlyArray<[string, string]> = Object.entries(CONCEPTS)
  .flatMap(([concept, prefixes]) => prefixes.map((p): [string, string] => [p, concept]))
  .sort((a, b) => b[0].length - a[0].length);

/**
 * A number for a word's first three letters, or -1 when one of them is not a–z (no prefix has
 * any other character, and none is shorter than three).
 */
function startOf(word: string): number {
  let start = 0;
  for (let i = 0; i < 3; i++) {
    const letter = word.charCodeAt(i) - 97;
    if (!(letter >= 0 && letter < 26)) return -1;
    start = start * 26 + letter;
  }
  return start;
}

/**
 * The prefixes grouped by their first three letters, longest first, so a word is held against
 * the few prefixes it could start with: a small table that stays in the cache, where a memo of
 * every word seen would not.
 */
const BY_START = new Map<number, Array<[string, string]>>();
for (const [prefix, concept] of PREFIXES) {
  const start = startOf(prefix);
  if (start < 0) throw new Error(`concept prefix ${prefix} must begin with three letters a–z`);
  const group = BY_START.get(start);
  if (group) group.push([prefix, concept]);
  else BY_START.set(start, [[prefix, concept]]);
}

/** The concept a folded word token expresses, or null. */
export function conceptOf(token: string): string | null {
  const group = token.length < 4 ? undefined : BY_START.get(startOf(token));
  if (!group) return null;
  for (const [prefix, concept] of group) {
    if (token.startsWith(prefix)) return concept;
  }
  return null;
}

/** Concepts expressed by a list of folded tokens, sorted. */
export function conceptsOf(tokens: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of tokens) {
    const c = conceptOf(t);
    if (c) out.add(c);
  }
  return [...out].sort();
}
