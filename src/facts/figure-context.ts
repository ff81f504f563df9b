/**
 * What the words right around a number say about it, read from folded text: its qualifier
 * ("more than", "unas"…) and whether it is a figure at all rather than a year, a date, a duration,
 * an age, money, a percentage, an identifier, a vote count, a capacity, a survey size, a count of
 * things, a difference ("19 more"), or an earlier value ("up from 454", "its figure of 473 last
 * week"). A figure set against another one ("compared with the 8,000 the government
 * acknowledges") is still a figure.
 */
import type { Qualifier } from '../config/schema.js';

/** Qualifier phrases that end right before the number; longer phrases are listed first. */
const QUALIFIERS_BEFORE: ReadonlyArray<[Qualifier, RegExp]> = [
  [
    'up_to',
    /\b(?:no more than|not more than|up to|as many as|as much as|at most|a maximum of|hasta un maximo de|un maximo de|hasta|a lo sumo|como maximo)\s*$/,
  ],
  [
    'at_least',
    /\b(?:at least|no fewer than|not fewer than|no less than|not less than|a minimum of|al menos|por lo menos|como minimo|un minimo de|no menos de)\s*$/,
  ],
  [
    'more_than',
    /\b(?:more than|over|above|beyond|past|north of|in excess of|upwards? of|mas de|mas del|superior a|superiores a|por encima de|arriba de|por arriba de)\s*$/,
  ],
  // Verbs of passing a mark: "arrests top 90,000", "supera los 90.000", "has passed the 90,000 mark".
  [
    'more_than',
    /\b(?:exceeding|exceeds?|exceeded|surpass(?:es|ed|ing)?|tops?|topped|topping|pass(?:es|ed)|crossed|crosses|supera|superan|supero|superaron|sobrepasa|sobrepasan|sobrepaso|rebasa|rebasan|rebaso)(?:\s+(?:already|now|ya|ahora))?(?:\s+(?:the|los|las|a|a los|a las))?\s*$/,
  ],
  // "Nearly" and "casi" put the figure just under the mark.
  [
    'fewer_than',
    /\b(?:fewer than|less than|under|below|nearly|almost|just under|menos de|por debajo de|inferior a|casi)\s*$/,
  ],
  [
    'about',
    /\b(?:about|around|some|roughly|approximately|approx\.?|close to|approaching|nearing|more or less|an estimated|estimated|circa|unos|unas|alrededor de|cerca de|cercana a|cercano a|cercanas a|cercanos a|proxima a|proximo a|aproximadamente|aprox\.?|en torno a|un estimado de|estimado de|del orden de|rond(?:a|an|aba|aban)(?: los| las)?)\s*$/,
  ],
];
const QUALIFIERS_AFTER: ReadonlyArray<[Qualifier, RegExp]> = [
  ['at_least', /^\s*(?:\+|-?plus\b|or more\b|o mas\b)/],
];

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre';
/** A month right after the number ("473 de marzo") or right before it ("March 15", "marzo de 2024"). */
const MONTH_AFTER = new RegExp(`^\\s*(?:de\\s+)?(?:${MONTHS})\\b`);
const MONTH_BEFORE = new RegExp(`\\b(?:${MONTHS})\\.?\\s+(?:de\\s+|of\\s+)?$`);

/** A comparison right before a number: "compared with the", "frente a las", "en comparación con". */
const COMPARED_WITH =
  /\b(?:compared (?:with|to)|as against|versus|vs\.?|frente a|en comparacion con|comparad[oa]s? con|respecto a|respecto de)(?:\s+(?:the|its|their|los|las|el|la|sus|su))?\s*$/;
/** A time before the story's: "ten days earlier", "last month", "en febrero", "a mediados de febrero". */
const EARLIER_TIME = new RegExp(
  `\\b(?:earlier|before|ago|previously|last (?:week|month|year)|antes|atras|anteriormente|hace \\w+|la semana pasada|el mes pasado|el ano pasado|(?:in|by|at the (?:start|end) of|en|a (?:mediados|finales|fines|principios|comienzos) de|de) (?:${MONTHS}))\\b`,
);

/** Each rule: a reason and a test on the folded text before and after the number. */
const NOT_A_FIGURE: ReadonlyArray<[string, (before: string, after: string) => boolean]> = [
  ['time', (b, a) => /^:\d/.test(a) || /\d:$/.test(b) || /^\s*(?:a\.?m\b|p\.?m\b|hrs?\b|h\b)/.test(a)],
  [
    'percentage',
    (_b, a) =>
      /^\s*(?:%|percent\b|per cent\b|por ciento\b|pct\b|puntos porcentuales\b|percentage points?\b)/.test(a),
  ],
  // A number joined to a noun by a hyphen describes a thing: "a 40,000-inmate prison", "a 10,000-place wing".
  ['compound modifier', (_b, a) => /^-(?!plus\b)\p{L}/u.test(a)],
  // Spanish ordinals: "la 47.ª prórroga", "el 1.º de enero" (folded to "47.a", "1.o").
  ['ordinal', (_b, a) => /^\.[ao]\b/.test(a)],
  // "1,086 prisoners per 100,000 residents", "1,9 por cada 100.000 habitantes".
  [
    'rate',
    (b, a) =>
      /\b(?:per|por cada)\s*$/.test(b) ||
      /^\s*(?:[^\s\d]+\s+){0,2}(?:per|por cada)\s+(?:\d|cien|mil|hundred|thousand)/.test(a),
  ],
  [
    'money',
    (b, a) =>
      /(?:\$|us\$|usd|€|£|eur)\s*$/.test(b) ||
      /^\s*(?:de\s+)?(?:dollars?|dolares|usd|euros?|pesos|colones|bitcoins?|btc)\b/.test(a),
  ],
  [
    'date',
    (b, a) =>
      // "473 may have died" is not a date: "may" and "mar" (sea) count as months only when a
      // day, a year or punctuation follows.
      (MONTH_AFTER.test(a) && !/^\s*(?:may|mar)\s+(?![\d,.;]|de\b|of\b)/.test(a)) ||
      MONTH_BEFORE.test(b) ||
      /^[/-]\d/.test(a) ||
      /\d[/-]$/.test(b),
  ],
  [
    'duration or age',
    (b, a) =>
      /^\s*-?\s*(?:years?|yrs?|months?|weeks?|days?|nights?|hours?|minutes?|seconds?|decades?|century|centuries|anos?|meses|mes|semanas?|dias?|noches?|horas?|minutos?|segundos?|decadas?|siglos?)\b/.test(
        a,
      ) || /\b(?:aged|age of|ages of|edad de|edades de)\s*$/.test(b),
  ],
  [
    'identifier',
    (b) =>
      /(?:#|\b(?:no|num|nr|number|numero|article|articulo|art|decree|decreto|law|ley|case|caso|cell|celda|chapter|capitulo|page|pagina|episode|episodio|module|modulo|sector|pabellon|section|seccion|route|ruta|flight|vuelo|room|sala|tier|block|bloque|ms|barrio|calle|level|nivel|grade|grado|district|distrito|covid)\.?)\s*-?\s*$/.test(
        b,
      ),
  ],
  [
    'votes',
    (_b, a) =>
      /^\s*(?:votes?|votos?|lawmakers|legislators|deputies|diputados|diputadas|legisladores|senators|senadores|congressmen|members of congress|in favou?r|a favor|en contra|against)\b/.test(
        a,
      ),
  ],
  [
    'capacity',
    (b) =>
      /\b(?:capacity|capacidad|holds?|holding|house|houses|housing|hold up|can hold|could hold|can house|room for|space for|designed for|designed to hold|built for|built to hold|able to hold|alberga|albergan|albergar|albergara|aloja|alojar|cupo|cabida|plazas para)\b(?:\s+[^\s\d]+){0,3}\s*$/.test(
        b,
      ),
  ],
  [
    'survey',
    (b, a) =>
      /\b(?:interviewed|interviewing|surveyed|polled|spoke to|spoke with|talked to|talked with|consulted|entrevisto a|entrevistaron a|entrevistamos a|encuesto a|encuestaron a|consulto a|hablo con|hablaron con)\b(?:\s+[^\s\d]+){0,3}\s*$/.test(
        b,
      ) ||
      /^(?:\s+[^\s\d]+){0,3}?\s+(?:interviewed|surveyed|polled|respondents|entrevistad[oa]s|encuestad[oa]s|consultad[oa]s|testimonies|testimonios)\b/.test(
        a,
      ),
  ],
  [
    'count of things',
    (_b, a) =>
      /^\s*-?\s*(?:prisons?|jails?|carceles|carcel|penales|centros|cells?|celdas?|countries|paises|flights?|vuelos?|planes?|aviones|buses|beds?|camas|pages?|paginas|videos?|photos?|fotos|kilometers?|kilometres?|kilometros?|km|miles|hectares?|hectareas|acres|tons?|toneladas|meters?|metres?|metros|soldiers|soldados|troops|tropas|police|policias|officers|agentes|guards|custodios|militares|gangs|pandillas|cliques|clicas|states|estados|municipalities|municipios|departments|departamentos|signatures|firmas|complaints|denuncias|petitions|peticiones|judges|jueces|lawyers|abogados|times|veces|points|puntos)\b/.test(
        a,
      ),
  ],
  // "19 más que en diciembre", "another 19", "19 more": a change, not a value of the metric.
  [
    'difference',
    (b, a) =>
      /^\s*(?:more|fewer|additional|further|mas|menos|adicionales)\b(?!\s+than\b)/.test(a) ||
      /^\s*(?:more|fewer) than (?:the|in|at|its|their|last|a)\b/.test(a) ||
      /\b(?:another|an additional|a further|otros|otras|increase of|rise of|drop of|aumento de|incremento de|(?:rose|risen|increased|grew|grown|fell|dropped|climbed|jumped) by|(?:aumento|subio|crecio|se incremento|bajo|cayo) en)\s*$/.test(
        b,
      ),
  ],
  [
    'earlier value',
    (b, a) =>
      /\b(?:up from|down from|previous|previously|earlier|prior|anterior|anteriores|desde|from (?:a|an) (?:previous|earlier) (?:count|figure|tally) of)(?:\s+(?:the|its|their|los|las|el|la|sus|su))?\s*$/.test(
        b,
      ) ||
      /^\s*(?:\S+\s+){0,1}(?:last (?:week|month|year)|the (?:week|month|year) before|la semana pasada|el mes pasado|el ano pasado|previously|anteriormente)\b/.test(
        a,
      ) ||
      (/\b(?:from|de)\s*$/.test(b) && /^\s+(?:to|a)\s+(?:[a-z]+\s+){0,2}\d/.test(a)) ||
      // Set against the figure of an earlier time: "compared with the 92,100 … ten days earlier",
      // "frente a las 478 que contaba a mediados de febrero". (Against a current figure — "compared
      // with the 8,000 the government acknowledges" — it is still a figure.)
      (COMPARED_WITH.test(b) && EARLIER_TIME.test(a.slice(0, 90))),
  ],
];

/** Why the number at this position is not a figure for any metric, or null when it may be one. */
export function notAFigure(
  before: string,
  after: string,
  value: number,
  plainDigits: boolean,
): string | null {
  if (plainDigits && value >= 1900 && value <= 2100) return 'year';
  // "Kilmar Abrego Garcia, 30, who…": a small number set off by commas after a word is an age.
  if (plainDigits && value < 120 && /\p{L},\s*$/u.test(before) && /^\s*,/.test(after)) return 'age';
  for (const [reason, test] of NOT_A_FIGURE) if (test(before, after)) return reason;
  return null;
}

/** The qualifier the words around a number give it, with the character length of the phrase before it. */
export function qualifierOf(before: string, after: string): { qualifier: Qualifier; lengthBefore: number } {
  // "subió hasta 473", "llegó hasta los 473": after a verb of rising, "hasta" is "to", not "up to".
  const risingTo =
    /\b(?:sub|lleg|aument|ascend|elev|crec|alcanz|increment)\w*\s+hasta(?:\s+(?:los|las))?\s*$/.exec(before);
  if (risingTo) return { qualifier: 'exact', lengthBefore: 0 };
  for (const [qualifier, re] of QUALIFIERS_BEFORE) {
    const m = re.exec(before);
    if (m) return { qualifier, lengthBefore: m[0].length };
  }
  for (const [qualifier, re] of QUALIFIERS_AFTER) if (re.test(after)) return { qualifier, lengthBefore: 0 };
  return { qualifier: 'exact', lengthBefore: 0 };
}
