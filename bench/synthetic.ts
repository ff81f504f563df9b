/**
 * Synthetic feed items for the benchmark: a deterministic mix shaped like a busy beat — stories
 * on the beat in English and Spanish (with figures), wire copies under new headlines and
 * tracking links, follow-ups of the same events, and off-beat stories that share words with the
 * beat (bitcoin, other prisons, football). Seeded, so every run analyses the same items. The
 * templates and word lists are data: `bench/data/stories.json`, `bench/data/words-*.txt`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourcedItem } from '../src/analysis.js';

interface Template {
  title: string;
  body: string;
}

interface StoryData {
  syllables: string[];
  /** The template of a new event (the `new-stories` mix); `{words}` are made-up words. */
  newEvent: Template;
  places: string[];
  names: string[];
  surnames: string[];
  onBeat: { en: Template[]; es: Template[] };
  offBeat: Template[];
}

const DATA_DIR = join(import.meta.dirname, 'data');
const STORIES = JSON.parse(readFileSync(join(DATA_DIR, 'stories.json'), 'utf8')) as StoryData;

/** A word list: one word a line, `#` lines are comments. */
function wordList(name: string): string[] {
  return readFileSync(join(DATA_DIR, name), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const EN_WORDS = wordList('words-en.txt');
const ES_WORDS = wordList('words-es.txt');
const OUTLETS = Array.from({ length: 40 }, (_, i) => `Outlet ${String.fromCharCode(65 + (i % 26))}${i}`);

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

function fill(template: Template, n: number, who: string, where = ''): Template {
  const put = (text: string) =>
    text
      .replaceAll('{n}', String(n))
      .replaceAll('{who}', who)
      .replaceAll('{where}', where)
      .replaceAll('{score}', String(n % 5));
  return { title: put(template.title), body: put(template.body) };
}

function words(rand: () => number, pool: readonly string[], n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(pool[Math.floor(rand() * pool.length)]!);
    if (i % 9 === 8) out[out.length - 1] += '.';
  }
  return out.join(' ');
}

/** `count` words made up of three or four syllables, names capitalised by the caller. */
function madeUpWords(rand: () => number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let word = '';
    const syllables = 3 + Math.floor(rand() * 2);
    for (let s = 0; s < syllables; s++)
      word += STORIES.syllables[Math.floor(rand() * STORIES.syllables.length)];
    out.push(word);
  }
  return out.join(' ');
}

const capitalised = (words: string) => words.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

function fillNewEvent(template: string, who: string, where: string, words: string, n: number): string {
  return template
    .replaceAll('{who}', capitalised(who))
    .replaceAll('{where}', capitalised(where))
    .replaceAll('{words}', words)
    .replaceAll('{n}', String(10 + (n % 80)));
}

interface Event {
  who: string;
  where: string;
  n: number;
  lang: 'en' | 'es';
  title: string;
  body: string;
}

/** Which items, from when, how far apart. */
export interface SyntheticOptions {
  seed?: number;
  /** Publication time of the first item. */
  startMs?: number;
  /** Average time between two items (each is published within half of it after its slot). */
  spacingMs?: number;
  /**
   * `beat` (default): about 35% new stories on the beat, 20% wire copies, 15% follow-ups of a
   * recent story, 30% off the beat. `new-stories`: every item a new event on the beat, each of
   * which is alerted.
   */
  mix?: 'beat' | 'new-stories';
}

/** `count` items in publication order (by default one every ~2 minutes from 1 November 2026). */
export function syntheticItems(count: number, options: SyntheticOptions = {}): SourcedItem[] {
  const { seed = 2026, startMs = Date.UTC(2026, 10, 1), spacingMs = 120_000, mix = 'beat' } = options;
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const person = () => `${pick(STORIES.names)} ${pick(STORIES.surnames)}`;
  const out: SourcedItem[] = [];
  // Recent events: copies and follow-ups refer to these.
  const events: Event[] = [];
  for (let i = 0; i < count; i++) {
    const published = new Date(startMs + i * spacingMs + Math.floor(rand() * (spacingMs / 2))).toISOString();
    const outlet = pick(OUTLETS);
    const host = `${outlet.toLowerCase().replace(/\s+/g, '')}.example`;
    const roll = mix === 'new-stories' ? -1 : rand();
    let title: string;
    let body: string;
    let lang: 'en' | 'es' = 'en';
    let link = `https://${host}/news/${i}`;
    if (roll < 0) {
      // A new event of its own: made-up names and words, so no two stories share more than the
      // beat's name and none is read as another's copy or follow-up.
      const [who, where, what] = [madeUpWords(rand, 2), madeUpWords(rand, 1), madeUpWords(rand, 3)];
      title = fillNewEvent(STORIES.newEvent.title, who, where, what, i);
      body = `${fillNewEvent(STORIES.newEvent.body, who, where, what, i)} ${madeUpWords(rand, 30)}.`;
    } else if (roll < 0.35 || events.length === 0) {
      // A new event on the beat, told in its own words.
      lang = rand() < 0.35 ? 'es' : 'en';
      const pool = lang === 'es' ? ES_WORDS : EN_WORDS;
      const who = person();
      const where = pick(STORIES.places);
      const n = 100 + Math.floor(rand() * 90_000);
      const made = fill(pick(STORIES.onBeat[lang]), n, who, where);
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
      const made = fill(pick(STORIES.onBeat[lang]), event.n, event.who, event.where);
      title = `${event.who}: ${words(rand, pool, 6).replace(/\./g, '')}`;
      body = `${made.body} ${words(rand, pool, 40)}`;
    } else {
      const made = fill(pick(STORIES.offBeat), 1 + Math.floor(rand() * 400), person());
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
