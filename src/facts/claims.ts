/**
 * Pulls numeric claims on a beat's tracked metrics out of text.
 *
 * For each sentence and each clause in it: find the numbers; drop those that are not figures
 * (years, dates, durations, money, percentages… see `figure-context.ts`); read each one's
 * qualifier; then tie numbers to metrics by the metric words around them. A metric word claims at
 * most one number, nearest first, so "More than 90,000 people have been detained and some 8,000
 * released" gives 90,000 → detentions and 8,000 → released. A metric word may sit
 *  - after the number, up to {@link MAX_GAP_AFTER} words away ("90,000 people have been detained"),
 *  - or before it, up to {@link MAX_GAP_BEFORE} words away, with no comma or "and" in between
 *    ("the death toll reached 473", "murieron 473 personas"),
 * and never across another figure.
 */
import type { Brief } from '../config/schema.js';
import {
  compilePhraseSet,
  findPhrases,
  foldText,
  type Phrase,
  type PhraseHit,
  type PhraseSet,
  prepareTokens,
  splitSentences,
  type Token,
  tokenize,
  tokenizeWithOffsets,
} from '../text/index.js';
import { splitClauses } from './clauses.js';
import { notAFigure, qualifierOf } from './figure-context.js';
import { findNumbers, mayHoldNumbers, type NumberMention } from './numbers.js';
import type { Claim } from './types.js';
import { compileMetrics } from './vocabulary.js';

/** How near a figure (in words, either side) a metric's exclusion word rules the metric out. */
export const EXCLUDE_WINDOW = 8;
/** Words allowed between a figure and a metric word that follows it. */
export const MAX_GAP_AFTER = 12;
/** Extra distance charged to a weak term, so that any other metric's term nearby wins. */
export const WEAK_COST = 8;
/** Words allowed between a metric word and a figure that follows it. */
export const MAX_GAP_BEFORE = 6;

/** A candidate figure in a clause, with its word span (qualifier included). */
interface Figure {
  value: number;
  qualifier: Claim['qualifier'];
  first: number;
  last: number;
}

const JOINING_WORDS = new Set([
  'and',
  'y',
  'e',
  'while',
  'but',
  'pero',
  'mientras',
  'whereas',
  'plus',
  'ademas',
]);

/** Characters read on each side of a number to judge what it is. */
const CONTEXT_CHARS = 120;
/** Characters of a clause read for figures, and of a sentence read for context words. */
const MAX_CLAUSE_CHARS = 1500;
const MAX_SENTENCE_CHARS = 4000;

/** A folded clause and its word tokens (with offsets into it). */
interface ClauseWords {
  folded: string;
  tokens: readonly Token[];
}

/**
 * The figures among the numbers of a folded clause, and the clause's words: those are made only
 * once a number turns out to be a figure (most numbers in copy are years and dates), so they are
 * null when none is.
 */
function figuresOf(
  folded: string,
  numbers: readonly NumberMention[],
): { figures: Figure[]; words: ClauseWords | null } {
  const figures: Figure[] = [];
  let words: ClauseWords | null = null;
  for (const n of numbers) {
    // The words right around a number decide what it is; a bounded window keeps hostile input
    // (one endless "sentence" full of digits) linear.
    const before = folded.slice(Math.max(0, n.start - CONTEXT_CHARS), n.start);
    const after = folded.slice(n.end, n.end + CONTEXT_CHARS);
    if (notAFigure(before, after, n.value, n.plainDigits)) continue;
    const { qualifier, lengthBefore } = qualifierOf(before, after);
    const from = n.start - lengthBefore;
    // The first and last word starting inside the figure's span. The folded clause's own tokens:
    // folding it again changes nothing.
    words ??= { folded, tokens: tokenizeWithOffsets(folded) };
    const tokens = words.tokens;
    let first = -1;
    let last = -1;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.start >= from && t.start < n.end) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first < 0) continue;
    figures.push({ value: n.value, qualifier, first, last });
  }
  return { figures, words };
}

/** True when a comma or a joining word ("and", "y", "while"…) sits between words lo and hi. */
function separated({ folded, tokens }: ClauseWords, lo: number, hi: number): boolean {
  if (lo >= hi) return false;
  const between = folded.slice(tokens[lo - 1]?.end ?? 0, tokens[hi]?.start ?? folded.length);
  if (/[,;]/.test(between)) return true;
  for (let i = lo; i < hi && i < tokens.length; i++) if (JOINING_WORDS.has(tokens[i]!.text)) return true;
  return false;
}

/** Words between figure `f` and phrase `x`, or Infinity when a comma or "and" separates them. */
function gapTo(clause: ClauseWords, f: Figure, x: PhraseHit): number {
  if (x.start > f.last) return separated(clause, f.last + 1, x.start) ? Infinity : x.start - f.last - 1;
  if (x.end <= f.first) return separated(clause, x.end, f.first) ? Infinity : f.first - x.end;
  return 0;
}

/** True when a figure other than number `fi` lies within words lo..hi (hi exclusive). */
function crossesOther(figures: readonly Figure[], fi: number, lo: number, hi: number): boolean {
  for (let oi = 0; oi < figures.length; oi++) {
    const o = figures[oi]!;
    if (oi !== fi && o.first >= lo && o.last < hi) return true;
  }
  return false;
}

/**
 * For each figure, whether `metric` may take it: the figure is plausible for the metric, and no
 * exclusion word of the metric sits near it, unless one of the metric's own context words is
 * nearer ("the 238 men sent to CECOT were later returned to Venezuela").
 */
function openFigures(
  clause: ClauseWords,
  metric: MetricEntry,
  figures: readonly Figure[],
  hits: Hits,
): boolean[] {
  return figures.map((f) => {
    if (!plausible(metric.known, f.value)) return false;
    let nearestContext = Infinity;
    for (const p of metric.context) {
      for (const x of hits[p]!) nearestContext = Math.min(nearestContext, gapTo(clause, f, x));
    }
    // Strictly nearer: "Salvadoran mega-prison" is context even though "Salvadoran" excludes.
    for (const p of metric.exclude) {
      for (const x of hits[p]!) {
        const gap = gapTo(clause, f, x);
        if (gap <= EXCLUDE_WINDOW && gap < nearestContext) return false;
      }
    }
    return true;
  });
}

/** The hits of every phrase of the vocabulary in a text, by phrase number. */
type Hits = ReadonlyArray<readonly PhraseHit[]>;

/** True when any of `phrases` (by number) has a hit. */
function foundAny(hits: Hits, phrases: readonly number[]): boolean {
  for (const p of phrases) if (hits[p]!.length > 0) return true;
  return false;
}

/** A possible tie of figure number `figure` to a metric through the term hit `word`. */
interface Candidate {
  figure: number;
  metric: MetricEntry;
  word: string;
  cost: number;
}

/** Candidate ties of figures to metric words in one clause, cheapest first. */
function candidates(
  clause: ClauseWords,
  figures: readonly Figure[],
  hits: Hits,
  vocabulary: Vocabulary,
  contextOk: ReadonlySet<string>,
): Candidate[] {
  const out: Candidate[] = [];
  for (const metric of vocabulary.metrics) {
    if (!contextOk.has(metric.id)) continue;
    // Only a term of the metric ties a figure to it; the rest is read only for those.
    if (!foundAny(hits, metric.terms) || foundAny(hits, metric.partial)) continue;
    const open = openFigures(clause, metric, figures, hits);
    if (!open.includes(true)) continue;
    for (let t = 0; t < metric.terms.length; t++) {
      const weak = t >= metric.firstWeak;
      for (const hit of hits[metric.terms[t]!]!) {
        for (let fi = 0; fi < figures.length; fi++) {
          const f = figures[fi]!;
          if (!open[fi]) continue;
          let cost: number;
          if (hit.start > f.last) {
            const gap = hit.start - f.last - 1;
            if (gap > MAX_GAP_AFTER || crossesOther(figures, fi, f.last + 1, hit.start)) continue;
            cost = gap;
          } else if (hit.end <= f.first) {
            const gap = f.first - hit.end;
            if (gap > MAX_GAP_BEFORE || crossesOther(figures, fi, hit.end, f.first)) continue;
            if (separated(clause, hit.end, f.first)) continue;
            cost = gap + 0.5; // English and Spanish usually name the metric after the figure.
          } else {
            continue; // The term overlaps the figure itself.
          }
          // A metric that also needed context words in the sentence is more specific.
          if (metric.context.length > 0) cost -= 0.25;
          if (weak) cost += WEAK_COST;
          out.push({ figure: fi, metric, word: `${hit.start}:${hit.end}`, cost });
        }
      }
    }
  }
  return out.sort((a, b) => a.cost - b.cost);
}

/** One metric's vocabulary as phrase numbers of the {@link Vocabulary}'s set. */
interface MetricEntry {
  id: string;
  /** Terms, then weak terms, in the order the brief lists them; the weak ones from `firstWeak` on. */
  terms: readonly number[];
  firstWeak: number;
  context: readonly number[];
  partial: readonly number[];
  exclude: readonly number[];
  /** The known value of the metric's first fact in the brief, if any (see {@link plausible}). */
  known: number | null | undefined;
}

/** Every metric's phrases in one {@link PhraseSet}, so a clause is read once for all of them. */
interface Vocabulary {
  metrics: readonly MetricEntry[];
  set: PhraseSet;
}

function vocabularyOf(brief: Brief): Vocabulary {
  const phrases: Phrase[] = [];
  // Metrics share words ("deaths", the partial and exclusion lists): the same phrase, written
  // the same, is searched once.
  const bySource = new Map<string, number>();
  const numbered = (list: readonly Phrase[]): number[] =>
    list.map((p) => {
      let number = bySource.get(p.source);
      if (number === undefined) {
        number = phrases.push(p) - 1;
        bySource.set(p.source, number);
      }
      return number;
    });
  const metrics = compileMetrics(brief).map(
    (m): MetricEntry => ({
      id: m.id,
      terms: numbered([...m.terms, ...m.weak]),
      firstWeak: m.terms.length,
      context: numbered(m.context),
      partial: numbered(m.partial),
      exclude: numbered(m.exclude),
      known: brief.facts.find((f) => f.metric === m.id)?.value,
    }),
  );
  return { metrics, set: compilePhraseSet(phrases) };
}

/** The hits of every vocabulary phrase in `words` (folded word tokens), by phrase number. */
function vocabularyHits(words: readonly string[], vocabulary: Vocabulary): Hits {
  return findPhrases(prepareTokens(words), vocabulary.set);
}

/** Ids of the metrics whose context words (when they need any) are among `hits`. */
function metricsInContext(hits: Hits, vocabulary: Vocabulary): Set<string> {
  return new Set(
    vocabulary.metrics.filter((m) => m.context.length === 0 || foundAny(hits, m.context)).map((m) => m.id),
  );
}

/** How close in size an untied figure must be to a tied one to restate the same measure. */
export const RESTATED_RATIO = 1.5;

/** How far from the known value a figure may be and still be about the same total. */
export const PLAUSIBLE_FACTOR = 10;

/**
 * The tracked metrics are running totals ("detained since March 2022"). A figure an order of
 * magnitude away from the known total (`known`) is about something else with the same words: one
 * raid ("arrested 150 people"), one week ("three inmates died"), one group of releases.
 */
function plausible(known: number | null | undefined, value: number): boolean {
  if (known === null || known === undefined || known <= 0) return true;
  return value >= known / PLAUSIBLE_FACTOR && value <= known * PLAUSIBLE_FACTOR;
}

/** A figure tied to a metric in one sentence, with the clause it was read from. */
interface SentenceClaim {
  metric: string;
  figure: Figure;
  clause: string;
}

/** Figures of one sentence tied to metrics, in reading order. */
function sentenceClaims(sentence: string, vocabulary: Vocabulary): readonly SentenceClaim[] {
  // Most sentences hold no number at all. The sentence folded whole shows that for all its
  // clauses when none is cut at the cap: folding goes character by character, and clauses break
  // at punctuation, which folds to punctuation.
  let folded: string | null = null;
  if (sentence.length <= MAX_CLAUSE_CHARS) {
    folded = foldText(sentence);
    if (!mayHoldNumbers(folded)) return NO_CLAIMS;
  }
  return readSentence(sentence, folded, vocabulary);
}

/** A clause holding figures, with the metric each tied figure was given. */
interface ClauseReading {
  clause: string;
  figures: Figure[];
  tied: Map<number, MetricEntry>;
}

const NO_CLAIMS: readonly SentenceClaim[] = Object.freeze([]);

/** Reads one sentence; `folded` is its folded text when it is within a clause's cap. */
function readSentence(sentence: string, folded: string | null, vocabulary: Vocabulary): SentenceClaim[] {
  const clauses = splitClauses(sentence);
  // A sentence that is one clause, read whole, is that clause: its folded text and words serve both.
  const wholeSentence = clauses.length === 1 && clauses[0] === sentence && folded !== null;
  // Which metrics' context words (when they need any) appear in the sentence; only worked out
  // when a clause holds a figure.
  let contextOk: ReadonlySet<string> | null = null;
  const read: ClauseReading[] = [];
  for (const clause of clauses) {
    // A real clause is a few hundred characters; anything past the cap is not read for figures.
    const foldedClause = wholeSentence ? folded! : foldText(clause.slice(0, MAX_CLAUSE_CHARS));
    const numbers = findNumbers(foldedClause);
    if (numbers.length === 0) continue;
    const { figures, words } = figuresOf(foldedClause, numbers);
    if (figures.length === 0 || !words) continue;
    const hits = vocabularyHits(
      words.tokens.map((t) => t.text),
      vocabulary,
    );
    contextOk ??= metricsInContext(
      wholeSentence ? hits : vocabularyHits(tokenize(sentence.slice(0, MAX_SENTENCE_CHARS)), vocabulary),
      vocabulary,
    );
    const tied = new Map<number, MetricEntry>();
    const usedWords = new Set<string>();
    for (const c of candidates(words, figures, hits, vocabulary, contextOk)) {
      if (tied.has(c.figure) || usedWords.has(c.word)) continue;
      tied.set(c.figure, c.metric);
      usedWords.add(c.word);
    }
    read.push({ clause, figures, tied });
  }
  const tiedInSentence = read.flatMap(({ figures, tied }) =>
    [...tied].map(([fi, metric]) => ({ value: figures[fi]!.value, metric })),
  );
  // Claims in reading order. A figure without a metric word of its own restates the measure of
  // a tied figure of the same size in the same sentence ("the government acknowledges some 8,000
  // released; our register points to more than 8,600").
  const out: SentenceClaim[] = [];
  for (const { clause, figures, tied } of read) {
    figures.forEach((f, fi) => {
      const metric =
        tied.get(fi) ??
        tiedInSentence.find(
          (t) =>
            f.value >= t.value / RESTATED_RATIO &&
            f.value <= t.value * RESTATED_RATIO &&
            plausible(t.metric.known, f.value),
        )?.metric;
      if (metric) out.push({ metric: metric.id, figure: f, clause });
    });
  }
  return out;
}

/** Reads the claims of one text (see {@link createClaimReader}). */
export type ClaimReader = (text: string) => Claim[];

/**
 * Compiles a brief's metric vocabulary once and returns a reader of claims. The reader finds
 * figures in a text that the words around them tie to one of the brief's metrics. English and
 * Spanish rules always both apply, because stories quote each other across languages. One claim
 * per metric and value (a qualified form wins over an exact one); a claim's `text` is the clause
 * the figure was read from.
 */
export function createClaimReader(brief: Brief): ClaimReader {
  const vocabulary = vocabularyOf(brief);
  return (text) => {
    const claims: Claim[] = [];
    const seen = new Map<string, Claim>();
    for (const sentence of splitSentences(text)) {
      for (const { metric, figure, clause } of sentenceClaims(sentence, vocabulary))
        addClaim(claims, seen, metric, figure, clause);
    }
    return claims;
  };
}

/** The claims of one text: {@link createClaimReader} for a single use (it compiles the vocabulary). */
export function extractClaims(text: string, brief: Brief): Claim[] {
  return createClaimReader(brief)(text);
}

/** Adds a figure tied to `metric` to `claims`, unless `seen` (by metric and value) has it. */
function addClaim(
  claims: Claim[],
  seen: Map<string, Claim>,
  metric: string,
  f: Figure,
  clause: string,
): void {
  // The same figure for the same metric is one claim: a headline often drops the qualifier the
  // body gives ("90,000 detained" / "more than 90,000"), so a qualified form replaces an exact one.
  const key = `${metric}|${f.value}`;
  const earlier = seen.get(key);
  if (earlier) {
    if (earlier.qualifier === 'exact' && f.qualifier !== 'exact') {
      earlier.qualifier = f.qualifier;
      earlier.text = clause;
    }
    return;
  }
  const claim: Claim = { metric, value: f.value, qualifier: f.qualifier, text: clause };
  seen.set(key, claim);
  claims.push(claim);
}
