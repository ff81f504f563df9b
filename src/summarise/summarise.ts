/**
 * Extractive summaries: at most two sentences and 280 characters, taken from the story itself so
 * they are always in its language and never say what the outlet did not. Sentences that carry a
 * figure differing from, or new against, the known facts come first (that is the news for a
 * desk that follows the beat); then the lead, which in news copy says what happened.
 */
import type { FactChange } from '../facts/types.js';
import { foldText, splitSentences, tokenize } from '../text/index.js';

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

/**
 * A cheap comparison form of text already in lower case: its words only, one space apart (enough
 * to spot a sentence that is the title).
 */
function roughKey(lower: string): string {
  return lower.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The first word of lower-case text, as {@link roughKey} has it; undefined when it has none. */
function firstWord(lower: string): string | undefined {
  return /[\p{L}\p{N}]+/u.exec(lower)?.[0];
}

/** `s` with every run of white space made one space, trimmed. */
function singleSpaced(s: string): string {
  // Most sentences have single spaces only, and are trimmed already.
  return /\s\s|[^\S ]/.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim();
}

/**
 * Picks the summary of a story. The chosen sentences keep their order in the story. Falls back to
 * the title when the story has no usable sentence.
 */
export function summarise(input: SummaryInput): string {
  const title = input.title.trim();
  const titleLower = title.toLowerCase();
  const titleFirst = firstWord(titleLower);
  let titleKey: string | undefined;
  /** Whether `s` has the title's words, whatever the case and punctuation. */
  const repeatsTitle = (s: string): boolean => {
    const lower = s.toLowerCase();
    // The first words differ in nearly every sentence, and are found at little cost.
    if (firstWord(lower) !== titleFirst) return false;
    titleKey ??= roughKey(titleLower);
    return roughKey(lower) === titleKey;
  };
  const sentences = splitSentences(input.body.slice(0, READ_CHARS)).map(singleSpaced);
  /** Long enough, not furniture, not the title again. */
  const usable = (s: string): boolean => s.length >= 15 && !BOILERPLATE.test(s) && !repeatsTitle(s);

  // The words of each figure that is news, and the longest of them: a sentence whose folded text
  // lacks that word cannot hold them all, and need not be split into words to find out.
  const newsy = (input.factChanges ?? [])
    .filter((c) => c.status !== 'confirms')
    .map((c) => tokenize(c.reported.text))
    .filter((words) => words.length > 0)
    .map((words) => ({
      text: words.join(' '),
      longest: words.reduce((a, b) => (b.length > a.length ? b : a)),
    }));
  // Folding every sentence costs time; only stories with news against the known facts need it.
  const news = sentences.map((s) => {
    if (newsy.length === 0) return false;
    const folded = foldText(s);
    if (!newsy.some((n) => folded.includes(n.longest))) return false;
    // Folding is idempotent: the folded text tokenizes as the sentence does.
    const words = tokenize(folded).join(' ');
    return newsy.some((n) => words.includes(n.text));
  });

  // Priority: sentences with news first, then the lead order. Whether a sentence is usable is
  // asked only when its turn comes: most summaries are made of the first two or three.
  const chosen: number[] = [];
  let length = 0;
  for (const withNews of [true, false]) {
    for (let i = 0; i < sentences.length && chosen.length < SUMMARY_MAX_SENTENCES; i++) {
      const s = sentences[i]!;
      if (news[i] !== withNews || !usable(s)) continue;
      if (chosen.length === 0 && s.length >= SUMMARY_MAX_CHARS) return trimAtWord(s, SUMMARY_MAX_CHARS);
      if (chosen.length === 0 || length + s.length <= SUMMARY_MAX_CHARS) {
        chosen.push(i);
        length += s.length + 1;
      }
    }
  }
  if (chosen.length === 0) return trimAtWord(title.replace(/\s+/g, ' '), SUMMARY_MAX_CHARS);
  return chosen
    .sort((a, b) => a - b)
    .map((i) => sentences[i])
    .join(' ');
}
