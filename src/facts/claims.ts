/**
 * Pulls numeric claims on a beat's tracked metrics out of text.
 *
 * For each sentence and each clause in it: find the numbers; drop those that are not figures
 * (years, dates, durations, money, percentages… see `figure-context.ts`); read each one's
 * qualifier; then tie figures to metrics by the metric words around them (`ties.ts`). A metric
 * that needs context words (prison words for deaths in custody) finds them in the figure's
 * sentence, or, for a figure that refers back ("the 480 deaths", "los 252 venezolanos", "allí"),
 * in the sentence before it or the title.
 */
import type { Brief } from '../config/schema.js';
import {
  compilePhraseSet,
  findPhrases,
  foldText,
  type Phrase,
  type PhraseSet,
  prepareTokens,
  splitSentences,
  tokenize,
} from '../text/index.js';
import { createAttributionReader } from './attribution.js';
import { splitClauses } from './clauses.js';
import { findNumbers, mayHoldNumbers } from './numbers.js';
import {
  candidates,
  type Figure,
  figuresOf,
  foundAny,
  type Hits,
  type MetricWords,
  plausible,
} from './ties.js';
import type { Claim } from './types.js';
import { compileMetrics } from './vocabulary.js';

/** Characters of a clause read for figures, and of a sentence read for context words. */
const MAX_CLAUSE_CHARS = 1500;
const MAX_SENTENCE_CHARS = 4000;

/** Every metric's phrases in one {@link PhraseSet}, so a clause is read once for all of them. */
interface Vocabulary {
  metrics: readonly MetricWords[];
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
    (m): MetricWords => ({
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

/** A figure tied to a metric in one sentence, with the clause it was read from. */
interface SentenceClaim {
  metric: string;
  figure: Figure;
  clause: string;
  /** Tied through a weak term only (see {@link createClaimReader}). */
  weak: boolean;
}

/** A clause holding figures, with the metric each tied figure was given. */
interface ClauseReading {
  clause: string;
  figures: Figure[];
  tied: Map<number, { metric: MetricWords; weak: boolean }>;
}

/** Ids of the metrics whose context words (when they need any) appear in a text. */
function contextOf(text: string, vocabulary: Vocabulary): Set<string> {
  return metricsInContext(
    vocabularyHits(tokenize(text.slice(0, MAX_SENTENCE_CHARS)), vocabulary),
    vocabulary,
  );
}

/**
 * Figures of one sentence tied to metrics, in reading order. `earlier` gives the metrics whose
 * context words appear in the sentence before or the title, for figures that refer back.
 */
function readSentence(
  sentence: string,
  vocabulary: Vocabulary,
  earlier: () => ReadonlySet<string>,
): SentenceClaim[] {
  // Most sentences hold no number at all. The sentence folded whole shows that for all its
  // clauses when none is cut at the cap: folding goes character by character, and clauses break
  // at punctuation, which folds to punctuation.
  const folded = sentence.length <= MAX_CLAUSE_CHARS ? foldText(sentence) : null;
  if (folded !== null && !mayHoldNumbers(folded)) return [];
  const clauses = splitClauses(sentence);
  // A sentence that is one clause, read whole, is that clause: its folded text and words serve both.
  const wholeSentence = clauses.length === 1 && clauses[0] === sentence && folded !== null;
  // Which metrics' context words (when they need any) appear in the sentence; only worked out
  // when a clause holds a figure.
  let here: ReadonlySet<string> | null = null;
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
    here ??= wholeSentence ? metricsInContext(hits, vocabulary) : contextOf(sentence, vocabulary);
    const context = here;
    const inContext = (metric: MetricWords, figure: Figure): boolean =>
      context.has(metric.id) || (figure.refersBack && earlier().has(metric.id));
    const tied: ClauseReading['tied'] = new Map();
    const usedWords = new Set<string>();
    for (const c of candidates(words, figures, hits, vocabulary.metrics, inContext)) {
      if (tied.has(c.figure) || usedWords.has(c.word)) continue;
      tied.set(c.figure, { metric: c.metric, weak: c.weak });
      usedWords.add(c.word);
    }
    read.push({ clause, figures, tied });
  }
  const tiedInSentence = read.flatMap(({ figures, tied }) =>
    [...tied].map(([fi, tie]) => ({ value: figures[fi]!.value, ...tie })),
  );
  // Claims in reading order. A figure without a metric word of its own restates the measure of
  // a tied figure of the same size in the same sentence ("the government acknowledges some 8,000
  // released; our register points to more than 8,600").
  const out: SentenceClaim[] = [];
  for (const { clause, figures, tied } of read) {
    figures.forEach((f, fi) => {
      const tie =
        tied.get(fi) ??
        tiedInSentence.find(
          (t) =>
            f.value >= t.value / RESTATED_RATIO &&
            f.value <= t.value * RESTATED_RATIO &&
            plausible(t.metric.known, f.value),
        );
      if (tie) out.push({ metric: tie.metric.id, figure: f, clause, weak: tie.weak });
    });
  }
  return out;
}

/**
 * Drops the figures tied only through a weak term (people held: "detainees", "behind bars",
 * "privados de libertad") when the text gives the metric itself another figure: "92,400 arrested
 * … some 110,000 people behind bars" — the second is the prison population, another total.
 */
function withoutOtherTotals<T extends SentenceClaim>(found: readonly T[]): T[] {
  const strong = new Map<string, Set<number>>();
  for (const c of found) {
    if (c.weak) continue;
    const values = strong.get(c.metric) ?? new Set<number>();
    values.add(c.figure.value);
    strong.set(c.metric, values);
  }
  return found.filter((c) => {
    const values = strong.get(c.metric);
    return !c.weak || !values || values.has(c.figure.value);
  });
}

/** Reads the claims of one text (see {@link createClaimReader}). */
export type ClaimReader = (text: string) => Claim[];

/**
 * Compiles a brief's metric vocabulary once and returns a reader of claims. The reader finds
 * figures in a text that the words around them tie to one of the brief's metrics. English and
 * Spanish rules always both apply, because stories quote each other across languages. One claim
 * per metric and value (a qualified form wins over an exact one); a claim's `text` is the clause
 * the figure was read from. The text's first line is its title.
 */
export function createClaimReader(brief: Brief): ClaimReader {
  const vocabulary = vocabularyOf(brief);
  const attributionOf = createAttributionReader(brief);
  return (text) => {
    const sentences = splitSentences(text);
    const contexts = new Map<number, ReadonlySet<string>>();
    const contextAt = (i: number): ReadonlySet<string> => {
      let context = contexts.get(i);
      if (!context) {
        context = i < 0 ? new Set() : contextOf(sentences[i]!, vocabulary);
        contexts.set(i, context);
      }
      return context;
    };
    const found = sentences.flatMap((sentence, i) =>
      readSentence(
        sentence,
        vocabulary,
        () => new Set([...contextAt(i - 1), ...(i > 0 ? contextAt(0) : [])]),
      ).map((claim) => ({ ...claim, sentence, index: i })),
    );
    const claims: Claim[] = [];
    const seen = new Map<string, Claim>();
    for (const { metric, figure, clause, sentence, index } of withoutOtherTotals(found))
      addClaim(claims, seen, metric, figure, clause, attributionOf(sentence, sentences.slice(0, index)));
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
  attributedTo: string | null,
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
    // The headline rarely says whose figure it is; the body does.
    if (!earlier.attributedTo && attributedTo) earlier.attributedTo = attributedTo;
    return;
  }
  const claim: Claim = {
    metric,
    value: f.value,
    qualifier: f.qualifier,
    text: clause,
    ...(attributedTo ? { attributedTo } : {}),
  };
  seen.set(key, claim);
  claims.push(claim);
}
