/**
 * Who a figure is attributed to in the text, as opposed to the outlet that published it: "según
 * Socorro Jurídico Humanitario", "the rights group Cristosal said", "official figures". Readers
 * weigh a count by its origin, and the same NGO figure carried by five outlets is one source.
 * Pure; English and Spanish cues both apply.
 */
import type { Brief } from '../config/schema.js';
import { foldText } from '../text/index.js';

/**
 * Reads the attribution of a figure from the sentence it is in, or null when the text names none.
 * `earlier`, the text's sentences before it (title first), resolves a body named by what it is
 * ("the rights group said") to the one body the text named before.
 */
export type AttributionReader = (sentence: string, earlier?: readonly string[]) => string | null;

// A cue before the body: "according to X", "según X", "figures from X", "cifras de X".
const BEFORE =
  /\b(?:according to|as reported by|figures (?:from|by|of)|data (?:from|by|of)|a (?:count|tally) by|segun|de acuerdo con|conforme a|cifras de|datos de|(?:el )?(?:conteo|registro|recuento) de)\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?/g;
const VERBS =
  'said|says|reported|reports|counted|counts|documented|documents|recorded|records|estimated|estimates|tallied|tallies|found|announced|announces|told|affirmed|credits|blames|dijo|dice|informo|informa|reporto|reporta|contabiliza|contabilizo|documento|documenta|registro|registra|estima|estimo|denuncio|denuncia|senalo|senala|afirmo|afirma|aseguro|asegura|anuncio|anuncia|atribuyo|atribuye|calcula|calculo|calculates|puts|cifra|eleva';
// A reporting verb after the body: "X said", "X informó".
const AFTER = new RegExp(String.raw`\s+(?:${VERBS})\b`, 'g');
// A body named by what it is, in folded text: "the rights group", "la organización", "el organismo".
const DESCRIPTOR = `(?:(?:the|this|that) (?:(?:human )?rights |humanitarian |legal aid |advocacy |non-?profit |non-?governmental |monitoring |watchdog )?(?:group|organi[sz]ation|ngo|agency|body|watchdog|monitor|charity|foundation|association|institute|observatory|collective)|(?:el|la|esta|este|dicha|dicho) (?:organizacion|organismo|ong|entidad|agrupacion|asociacion|fundacion|colectivo|grupo|institucion|observatorio|agencia)(?: (?:humanitaria|no gubernamental|de derechos humanos))?)`;
// That body as the one giving the figure: "the group said", "informó la organización", "según el organismo".
const DESCRIBED_SPEAKER = new RegExp(
  String.raw`\b(?:${DESCRIPTOR}\s+(?:${VERBS})|(?:${VERBS})\s+${DESCRIPTOR}|(?:according to|segun|de acuerdo con|figures from|cifras de|datos de)\s+${DESCRIPTOR})\b`,
);
// A body introduced by what it is, then its name: "the rights group Cristosal", "la ONG Centinela…".
const INTRODUCED = new RegExp(String.raw`\b${DESCRIPTOR}\s+`, 'g');
// The government named after the verb: "dijo el ministerio", "informó la policía".
const GOVERNMENT_AFTER = new RegExp(
  String.raw`\b(?:${VERBS})\s+(?:the|el|la) (?:government|gobierno|authorities|autoridades|ministry|ministerio|police|policia)\b`,
);
// "Socorro Jurídico Humanitario's tally of 473": a known body's own count.
const POSSESSIVE = /^['’]s\s+(?:tally|count|figures?|data|record|numbers?|report)\b/;
// Government speakers, however the story names them: their figures are the government's.
const GOVERNMENT =
  /\b(?:(?:the |el |su |his |her )?(?:government|gobierno|authorities|autoridades|officials|funcionarios|president|presidente|mandatario|ministry|ministerio|minister|ministra|ministro|police|policia|security cabinet|gabinete de seguridad)(?: de [a-z ]{3,40}| of [a-z ]{3,40})?)$/;
const OFFICIAL =
  /\b(?:official (?:figures|data|count|numbers|tally)|government (?:figures|data)|cifras oficiales|datos oficiales|(?:segun|according to) (?:el |the )?(?:gobierno|government|authorities|las autoridades|officials))\b/;

/** How official sources are named, whatever the story calls them. */
const GOVERNMENT_NAME = 'the government';

/** Longest attribution kept, in characters: a name, not a clause. */
const MAX_NAME = 80;

/** Bodies that publish figures, from the brief: its organisations and people, by every spelling. */
function knownBodies(brief: Brief): Array<{ name: string; forms: string[] }> {
  const { organisations, people } = brief.entities;
  return [...organisations, ...people].map((e) => ({
    name: e.name,
    forms: [...new Set([e.name, ...e.aliases].map((a) => foldText(a)))].filter((f) => f.length >= 3),
  }));
}

/** Whether `form` appears in folded `text` as whole words, starting at or near `at`. */
function formNear(text: string, form: string, from: number, to: number): boolean {
  let i = text.indexOf(form, Math.max(0, from));
  while (i >= 0 && i <= to) {
    const before = text[i - 1];
    const after = text[i + form.length];
    if ((!before || !/[\p{L}\p{N}]/u.test(before)) && (!after || !/[\p{L}\p{N}]/u.test(after))) return true;
    i = text.indexOf(form, i + 1);
  }
  return false;
}

/** A capitalised name right after a cue in the original text ("Cristosal", "the Interior Ministry"). */
function nameAfter(original: string, at: number): string | null {
  const rest = original.slice(at).replace(/^\s*(?:the|el|la|los|las)\s+/i, '');
  const m =
    /^((?:[\p{Lu}][\p{L}\p{N}.'’-]*|de|del|la|las|los|y|and|of|for|on)(?:\s+(?:[\p{Lu}][\p{L}\p{N}.'’-]*|de|del|la|las|los|y|and|of|for|on)){0,7})/u.exec(
      rest,
    );
  const name = m?.[1]
    ?.replace(/[.'’-]+$/u, '')
    .replace(/\s+(?:de|del|la|las|los|y|and|of|for|on)$/i, '')
    .trim();
  if (!name || !/^\p{Lu}/u.test(name) || name.length > MAX_NAME) return null;
  return /^(?:gobierno|government|authorities|autoridades)$/i.test(name) ? GOVERNMENT_NAME : name;
}

const CONNECTOR = /^(?:de|del|la|las|los|y|and|of|for|on|the)$/i;
// Words that start a sentence in capitals without naming anyone.
const ARTICLE =
  /^(?:the|el|la|los|las|a|an|un|una|our|nuestro|nuestra|nuestros|their|su|sus|its|his|her|this|that|este|esta|it|we|they|he|she)$/i;

/**
 * A capitalised name right before a reporting verb in the original text ("Centinela de Derechos
 * Humanos calcula", "Security Minister Rodrigo Ayala told", "…, Rodrigo Ayala, dijo").
 */
function nameBefore(original: string, at: number): string | null {
  const words = original
    .slice(Math.max(0, at - MAX_NAME), at)
    .replace(/[\s,]+$/u, '')
    .split(/\s+/);
  const kept: string[] = [];
  for (let i = words.length - 1; i >= 0; i -= 1) {
    const word = words[i]!.replace(/^[("«“]+/u, '');
    if (/^\p{Lu}[\p{L}\p{N}.'’-]*$/u.test(word) || (kept.length > 0 && CONNECTOR.test(word)))
      kept.unshift(word);
    else break;
    if (/[,;:]$/.test(words[i - 1] ?? '')) break;
  }
  while (kept.length > 0 && (CONNECTOR.test(kept[0]!) || ARTICLE.test(kept[0]!))) kept.shift();
  const name = kept.join(' ').replace(/[.'’-]+$/u, '');
  return name.length >= 3 ? name : null;
}

/**
 * The one body a descriptive subject ("the rights group", "la organización") can mean: the
 * organisations of the brief named in `texts`, and the names the texts introduce with a
 * descriptor ("the rights group Cristosal"). Null when there are none or more than one.
 */
function onlyBodyNamed(
  texts: readonly string[],
  organisations: ReadonlyArray<{ name: string; forms: string[] }>,
): string | null {
  const found = new Set<string>();
  for (const text of texts) {
    const folded = foldText(text);
    for (const body of organisations)
      if (body.forms.some((f) => formNear(folded, f, 0, folded.length))) found.add(body.name);
    if (folded.length !== text.length) continue;
    for (const m of folded.matchAll(INTRODUCED)) {
      const name = nameAfter(text, m.index + m[0].length);
      if (!name || name === GOVERNMENT_NAME) continue;
      const form = foldText(name);
      found.add(organisations.find((b) => b.forms.includes(form))?.name ?? name);
    }
    if (found.size > 1) return null;
  }
  return found.size === 1 ? [...found][0]! : null;
}

/** Compiles the brief's bodies once and returns the reader. */
export function createAttributionReader(brief: Brief): AttributionReader {
  const bodies = knownBodies(brief);
  const organisations = knownBodies({
    ...brief,
    entities: { ...brief.entities, people: [] },
  });
  return (sentence, earlier = []) => {
    const folded = foldText(sentence);
    // Folding keeps one character per character for Latin text, so positions line up with the
    // original for the names read after a cue; where they do not, only known bodies are used.
    const aligned = folded.length === sentence.length;
    for (const cue of folded.matchAll(BEFORE)) {
      const start = cue.index + cue[0].length;
      const body = bodies.find((b) => b.forms.some((f) => formNear(folded, f, start, start + 2)));
      if (body) return body.name;
      const name = aligned ? nameAfter(sentence, start) : null;
      if (name) return name;
    }
    for (const body of bodies) {
      for (const form of body.forms) {
        const at = folded.indexOf(form);
        if (at >= 0 && POSSESSIVE.test(folded.slice(at + form.length))) return body.name;
      }
    }
    for (const verb of folded.matchAll(AFTER)) {
      // "Gobierno de Bukele afirma": the government speaks, not the person it is named after.
      if (GOVERNMENT.test(folded.slice(Math.max(0, verb.index - 60), verb.index))) return GOVERNMENT_NAME;
      const body = bodies.find((b) =>
        b.forms.some((f) => formNear(folded, f, verb.index - f.length - 40, verb.index - f.length)),
      );
      if (body) return body.name;
      const name = aligned ? nameBefore(sentence, verb.index) : null;
      if (name) return /^(?:gobierno|government)$/i.test(name) ? GOVERNMENT_NAME : name;
    }
    if (GOVERNMENT_AFTER.test(folded)) return GOVERNMENT_NAME;
    if (DESCRIBED_SPEAKER.test(folded)) {
      const body = onlyBodyNamed([...earlier, sentence], organisations);
      if (body) return body;
    }
    if (OFFICIAL.test(folded)) return 'official figures';
    return null;
  };
}
