/**
 * Synthetic feed items for the benchmark: a deterministic mix shaped like a busy beat — stories
 * on the beat in English and Spanish (with figures), wire copies under new headlines and
 * tracking links, follow-ups of the same events, and off-beat stories that share words with the
 * beat (bitcoin, other prisons, football). Seeded, so every run analyses the same items.
 */
import type { SourcedItem } from '../src/analysis.js';
import { EN_WORDS, ES_WORDS } from './words.js';

/** Small fast PRNG (mulberry32): the same seed gives the same items on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OUTLETS = Array.from({ length: 40 }, (_, i) => `Outlet ${String.fromCharCode(65 + (i % 26))}${i}`);
const PLACES = [
  'Tecoluca',
  'San Salvador',
  'Santa Ana',
  'San Miguel',
  'Soyapango',
  'Ilopango',
  'Apopa',
  'Mejicanos',
];
const NAMES = [
  'Marta',
  'José',
  'Ana',
  'Luis',
  'Carmen',
  'Jorge',
  'Rosa',
  'Pedro',
  'Elena',
  'Raúl',
  'Sofía',
  'Diego',
];
const SURNAMES = [
  'Rivas',
  'Hernández',
  'Martínez',
  'López',
  'Flores',
  'Cruz',
  'Mejía',
  'Alvarado',
  'Castro',
  'Romero',
];

const EN_EVENTS = [
  (n: number, who: string, where: string) => ({
    title: `Rights group counts ${n} deaths in custody as ${who} case draws attention`,
    body: `Socorro Jurídico Humanitario said ${n} people have died in custody since the crackdown began. The family of ${who}, detained in ${where}, says he was held without charge before his death. The government denies abuse in CECOT and other prisons.`,
  }),
  (n: number, who: string, where: string) => ({
    title: `More than ${n} detained under El Salvador's state of emergency, ministry says`,
    body: `The security ministry said more than ${n} people have been detained since the state of emergency began. Police raids in ${where} continued this week; ${who}, a local organiser, said neighbours were taken at night. President Bukele says the policy keeps gangs away.`,
  }),
  (n: number, who: string, where: string) => ({
    title: `US flight takes ${n} deportees to CECOT; lawyer for ${who} files petition`,
    body: `A deportation flight carried ${n} Venezuelan men to CECOT, the mega-prison near ${where}, according to court papers. A lawyer for ${who} asked a federal judge to order his return under the Alien Enemies Act ruling.`,
  }),
];
const ES_EVENTS = [
  (n: number, who: string, where: string) => ({
    title: `Socorro Jurídico Humanitario registra ${n} muertes bajo custodia; familia de ${who} pide justicia`,
    body: `La organización informó que ${n} personas han muerto bajo custodia desde el inicio del régimen de excepción. La familia de ${who}, capturado en ${where}, asegura que nunca fue acusado. El gobierno de Bukele niega abusos en el CECOT.`,
  }),
  (n: number, who: string, where: string) => ({
    title: `Liberan a ${n} detenidos del régimen de excepción en ${where}`,
    body: `Las autoridades liberaron a ${n} personas capturadas bajo el régimen de excepción por falta de pruebas. Entre ellas está ${who}, quien pasó meses en el penal sin ver a un juez.`,
  }),
];
const OFF_BEAT = [
  (n: number, who: string) => ({
    title: `Bukele buys ${n} more bitcoin for El Salvador's reserve`,
    body: `The government added bitcoin to its reserve this week, its public tracker shows. ${who}, an economist, said the IMF deal asks for a pause.`,
  }),
  (n: number, who: string) => ({
    title: `Honduras moves ${n} gang leaders to island prison`,
    body: `Honduran authorities flew ${n} prisoners to a new island prison. ${who}, a rights advocate, asked to inspect the site.`,
  }),
  (n: number, who: string) => ({
    title: `La Selecta gana ${n % 5}-0 y ${who} firma el segundo gol`,
    body: `La selección de El Salvador ganó en el Cuscatlán con un gol de ${who} en el segundo tiempo.`,
  }),
];

function words(rand: () => number, pool: readonly string[], n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(pool[Math.floor(rand() * pool.length)]!);
    if (i % 9 === 8) out[out.length - 1] += '.';
  }
  return out.join(' ');
}

interface Event {
  who: string;
  where: string;
  n: number;
  lang: 'en' | 'es';
  title: string;
  body: string;
}

/**
 * `count` items in publication order, one every ~2 minutes from `startMs`: about 35% new stories
 * on the beat, 20% wire copies, 15% follow-ups of a recent story, 30% off the beat.
 */
export function syntheticItems(count: number, seed = 2026, startMs = Date.UTC(2026, 10, 1)): SourcedItem[] {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const out: SourcedItem[] = [];
  // Recent events: copies and follow-ups refer to these.
  const events: Event[] = [];
  for (let i = 0; i < count; i++) {
    const published = new Date(startMs + i * 120_000 + Math.floor(rand() * 60_000)).toISOString();
    const outlet = pick(OUTLETS);
    const host = `${outlet.toLowerCase().replace(/\s+/g, '')}.example`;
    const roll = rand();
    let title: string;
    let body: string;
    let lang: 'en' | 'es' = 'en';
    let link = `https://${host}/news/${i}`;
    if (roll < 0.35 || events.length === 0) {
      // A new event on the beat, told in its own words.
      lang = rand() < 0.35 ? 'es' : 'en';
      const pool = lang === 'es' ? ES_WORDS : EN_WORDS;
      const who = `${pick(NAMES)} ${pick(SURNAMES)}`;
      const where = pick(PLACES);
      const n = 100 + Math.floor(rand() * 90_000);
      const made = (lang === 'es' ? pick(ES_EVENTS) : pick(EN_EVENTS))(n, who, where);
      title = `${made.title} ${words(rand, pool, 3).replace(/\./g, '')}`;
      body = `${made.body} ${words(rand, pool, 45)}`;
      events.push({ who, where, n, lang, title, body });
      if (events.length > 80) events.shift();
    } else if (roll < 0.55) {
      // A wire copy: same text, sometimes a new headline, tracking parameters on the link.
      const event = pick(events);
      title = rand() < 0.5 ? event.title : `${event.title.split(' ').slice(0, 7).join(' ')}, report says`;
      body = event.body;
      lang = event.lang;
      link = `https://${host}/wire/${i}?utm_source=feed&utm_medium=rss&utm_campaign=${i % 7}`;
    } else if (roll < 0.7) {
      // A follow-up: the same people, place and figure, new reporting.
      const event = pick(events);
      lang = event.lang;
      const pool = lang === 'es' ? ES_WORDS : EN_WORDS;
      const made = (lang === 'es' ? pick(ES_EVENTS) : pick(EN_EVENTS))(event.n, event.who, event.where);
      title = `${event.who}: ${words(rand, pool, 6).replace(/\./g, '')}`;
      body = `${made.body} ${words(rand, pool, 40)}`;
    } else {
      const made = pick(OFF_BEAT)(1 + Math.floor(rand() * 400), `${pick(NAMES)} ${pick(SURNAMES)}`);
      title = `${made.title} ${words(rand, EN_WORDS, 2).replace(/\./g, '')}`;
      body = `${made.body} ${words(rand, EN_WORDS, 30)}`;
    }
    out.push({
      item: {
        id: `${host}-${i}`,
        title,
        link,
        published,
        updated: null,
        author: null,
        summary: body,
        content: '',
        language: lang,
      },
      source: { feedUrl: `https://${host}/feed.xml`, name: outlet },
    });
  }
  return out;
}
