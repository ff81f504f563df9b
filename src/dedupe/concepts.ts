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

const memo = new Map<string, string | null>();

/** The concept a folded word token expresses, or null. */
export function conceptOf(token: string): string | null {
  // Short words (most of a text) are never read as concepts, and need no look-up.
  if (token.length < 4) return null;
  let c = memo.get(token);
  if (c !== undefined) return c;
  c = null;
  for (const [prefix, concept] of PREFIXES) {
    if (token.startsWith(prefix)) {
      c = concept;
      break;
    }
  }
  if (memo.size > 50_000) memo.clear();
  memo.set(token, c);
  return c;
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
