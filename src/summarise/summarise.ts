/**
 * Extractive summaries: at most two sentences and 280 characters, taken from the story itself so
 * they are always in its language and never say what the outlet did not. Sentences that carry a
 * figure differing from, or new against, the known facts come first (that is the news for a
 * desk that follows the beat); then the lead, which in news copy says what happened.
 */
import type { FactChange } from '../facts/types.js';
import { splitSentences, tokenize } from '../text/index.js';

/** Longest summary, in characters (a chat preview line). */
export const SUMMARY_MAX_CHARS = 280;
/** Most sentences in a summary. */
export const SUMMARY_MAX_SENTENCES = 2;

/** Lines that are furniture, not news: feed footers, calls to read or subscribe. */
const BOILERPLATE =
  /appeared first on|\bread more\b|continue reading|click here|\bsubscribe\b|sign up for|leer m[aá]s|sigue leyendo|suscr[ií]bete|haz clic|all rights reserved|todos los derechos/i;

/** What the summariser reads. */
export interface SummaryInput {
  title: string;
  /** The story's text: full content when the feed carries it, else its summary. */
  body: string;
  /** Fact changes of the story; their `reported.text` locates the sentences with news. */
  factChanges?: readonly FactChange[];
}

/** Trims text to `max` characters at a word boundary, ending with "…". */
export function trimAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max); // room for the ellipsis is made below
  const lastSpace = cut.lastIndexOf(' ', max - 1);
  const base = lastSpace > max / 3 ? cut.slice(0, lastSpace) : cut.slice(0, max - 1);
  return `${base.replace(/[\s,;:\-–—]+$/u, '')}…`;
}

/** Summaries come from the top of a story; reading further only costs time. */
const READ_CHARS = 3000;

/** A cheap comparison form: lower case, words only (enough to spot a sentence that is the title). */
function roughKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Picks the summary of a story. The chosen sentences keep their order in the story. Falls back to
 * the title when the story has no usable sentence.
 */
export function summarise(input: SummaryInput): string {
  const title = input.title.trim();
  const titleKey = roughKey(title);
  const sentences = splitSentences(input.body.slice(0, READ_CHARS))
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 15 && !BOILERPLATE.test(s) && roughKey(s) !== titleKey);
  if (sentences.length === 0) return trimAtWord(title.replace(/\s+/g, ' '), SUMMARY_MAX_CHARS);

  const newsy = (input.factChanges ?? [])
    .filter((c) => c.status !== 'confirms')
    .map((c) => tokenize(c.reported.text).join(' '))
    .filter(Boolean);
  // Folding every sentence costs time; only stories with news against the known facts need it.
  const carriesNews = (s: string): boolean =>
    newsy.length > 0 && newsy.some((t) => tokenize(s).join(' ').includes(t));
  // Priority: sentences with news first, then the lead order.
  const order = sentences
    .map((s, i) => ({ s, i, news: carriesNews(s) }))
    .sort((a, b) => Number(b.news) - Number(a.news) || a.i - b.i);

  const first = order[0]!;
  if (first.s.length >= SUMMARY_MAX_CHARS) return trimAtWord(first.s, SUMMARY_MAX_CHARS);
  const chosen = [first];
  for (const candidate of order.slice(1)) {
    if (chosen.length >= SUMMARY_MAX_SENTENCES) break;
    const total = chosen.reduce((n, c) => n + c.s.length + 1, 0) + candidate.s.length;
    if (total <= SUMMARY_MAX_CHARS) chosen.push(candidate);
  }
  return chosen
    .sort((a, b) => a.i - b.i)
    .map((c) => c.s)
    .join(' ');
}
