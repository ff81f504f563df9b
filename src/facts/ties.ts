/**
 * Ties figures to metrics inside one clause, by the metric words around them. A metric word
 * claims at most one figure, nearest first, so "More than 90,000 people have been detained and
 * some 8,000 released" gives 90,000 → detentions and 8,000 → released. A metric word may sit
 *  - after the figure, up to {@link MAX_GAP_AFTER} words away ("90,000 people have been detained"),
 *  - before it, up to {@link MAX_GAP_BEFORE} words away, with no comma or "and" in between
 *    ("the death toll reached 473", "murieron 473 personas"),
 *  - or before it with a relative clause in between: the metric's noun phrase (at most
 *    {@link MAX_NOUN_PHRASE} words), a comma and "which"/"que", and at most
 *    {@link MAX_RELATIVE_CLAUSE} words to the figure ("deaths in custody, which the group puts at
 *    480"),
 * and never across another figure.
 */
import { type PhraseHit, type Token, tokenizeWithOffsets } from '../text/index.js';
import { notAFigure, qualifierOf } from './figure-context.js';
import type { NumberMention } from './numbers.js';
import type { Claim } from './types.js';

/** How near a figure (in words, either side) a metric's exclusion word rules the metric out. */
export const EXCLUDE_WINDOW = 8;
/** Words allowed between a figure and a metric word that follows it. */
export const MAX_GAP_AFTER = 12;
/** Extra distance charged to a weak term, so that any other metric's term nearby wins. */
export const WEAK_COST = 8;
/** Words allowed between a metric word and a figure that follows it. */
export const MAX_GAP_BEFORE = 6;
/** Words of a metric's noun phrase before a relative clause ("deaths *in state custody*, which…"). */
export const MAX_NOUN_PHRASE = 4;
/** Words of a relative clause before the figure it gives ("which *the group puts at* 480"). */
export const MAX_RELATIVE_CLAUSE = 12;

/** A figure in a clause, with its word span (qualifier included). */
export interface Figure {
  value: number;
  qualifier: Claim['qualifier'];
  first: number;
  last: number;
  /**
   * The figure refers back to something named before: it follows a definite article or a
   * demonstrative ("the 480 deaths", "los 252 venezolanos"), or its clause points elsewhere
   * ("allí", "there"). The words that say what it counts may then sit in the sentence before.
   */
  refersBack: boolean;
}

/** A folded clause and its word tokens (with offsets into it). */
export interface ClauseWords {
  folded: string;
  tokens: readonly Token[];
}

/** The hits of every phrase of the vocabulary in a clause, by phrase number. */
export type Hits = ReadonlyArray<readonly PhraseHit[]>;

/** One metric's words, as phrase numbers into the {@link Hits}. */
export interface MetricWords {
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

/** A definite article or a demonstrative right before a figure (or its qualifier). */
const DETERMINER_BEFORE =
  /\b(?:the|these|those|its|their|los|las|estos|estas|esos|esas|aquellos|aquellas|sus)\s+$/;
/** Words that point at a place or a thing named before: "allí", "there". */
const POINTING = /\b(?:alli|ahi|alla|there|thereof)\b/;

/** A relative clause opening right after a comma: ", which", ", que", ", la cual", ", cifra que". */
const RELATIVE_OPENING =
  /^\s*,\s*(?:which|that|whose|que|quien|quienes|cuyo|cuya|cuyos|cuyas|(?:el|la|los|las)\s+(?:cual|cuales|que)|cifra\s+que|a\s+los\s+que|a\s+las\s+que)\b/;

/**
 * The figures among the numbers of a folded clause, and the clause's words: those are made only
 * once a number turns out to be a figure (most numbers in copy are years and dates), so they are
 * null when none is.
 */
export function figuresOf(
  folded: string,
  numbers: readonly NumberMention[],
): { figures: Figure[]; words: ClauseWords | null } {
  const figures: Figure[] = [];
  let words: ClauseWords | null = null;
  const pointing = POINTING.test(folded);
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
    const refersBack = pointing || DETERMINER_BEFORE.test(folded.slice(Math.max(0, from - 20), from));
    figures.push({ value: n.value, qualifier, first, last, refersBack });
  }
  return { figures, words };
}

/** The text between words lo and hi (lo exclusive of what precedes it). */
function between({ folded, tokens }: ClauseWords, lo: number, hi: number): string {
  return folded.slice(tokens[lo - 1]?.end ?? 0, tokens[hi]?.start ?? folded.length);
}

/** True when a comma or a joining word ("and", "y", "while"…) sits between words lo and hi. */
function separated(clause: ClauseWords, lo: number, hi: number): boolean {
  if (lo >= hi) return false;
  if (/[,;]/.test(between(clause, lo, hi))) return true;
  for (let i = lo; i < hi && i < clause.tokens.length; i++) {
    if (JOINING_WORDS.has(clause.tokens[i]!.text)) return true;
  }
  return false;
}

/**
 * Words from a metric's noun phrase (ending before word `end`) to a figure starting at word
 * `first` through a relative clause, or null when there is none within the limits: "deaths in
 * state custody, which the group puts at 480" → 10.
 */
function relativeClauseGap({ folded, tokens }: ClauseWords, end: number, first: number): number | null {
  for (let k = end; k < first && k - end <= MAX_NOUN_PHRASE; k++) {
    const rest = folded.slice(tokens[k - 1]!.end, tokens[first]!.start);
    const opening = RELATIVE_OPENING.exec(rest);
    if (opening) {
      const inside = rest.slice(opening[0].length);
      return first - k <= MAX_RELATIVE_CLAUSE && !/[,;]/.test(inside) ? first - end : null;
    }
    // A comma that opens no relative clause ends the noun phrase.
    if (/[,;]/.test(folded.slice(tokens[k - 1]!.end, tokens[k]!.start))) return null;
  }
  return null;
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

/** How far from the known value a figure may be and still be about the same total. */
export const PLAUSIBLE_FACTOR = 10;

/**
 * The tracked metrics are running totals ("detained since March 2022"). A figure an order of
 * magnitude away from the known total (`known`) is about something else with the same words: one
 * raid ("arrested 150 people"), one week ("three inmates died"), one group of releases.
 */
export function plausible(known: number | null | undefined, value: number): boolean {
  if (known === null || known === undefined || known <= 0) return true;
  return value >= known / PLAUSIBLE_FACTOR && value <= known * PLAUSIBLE_FACTOR;
}

/**
 * For each figure, whether `metric` may take it: the figure is plausible for the metric, and no
 * exclusion word of the metric sits near it, unless one of the metric's own context words is
 * nearer ("the 238 men sent to CECOT were later returned to Venezuela").
 */
function openFigures(
  clause: ClauseWords,
  metric: MetricWords,
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

/** True when any of `phrases` (by number) has a hit. */
export function foundAny(hits: Hits, phrases: readonly number[]): boolean {
  for (const p of phrases) if (hits[p]!.length > 0) return true;
  return false;
}

/** A possible tie of figure number `figure` to a metric through the term hit `word`. */
export interface Candidate {
  figure: number;
  metric: MetricWords;
  word: string;
  /** Tied through a weak term: a word for people held now, not for the metric itself. */
  weak: boolean;
  cost: number;
}

/**
 * Candidate ties of figures to metric words in one clause, cheapest first. `inContext` says
 * whether a metric's context words (when it needs any) are around a figure.
 */
export function candidates(
  clause: ClauseWords,
  figures: readonly Figure[],
  hits: Hits,
  metrics: readonly MetricWords[],
  inContext: (metric: MetricWords, figure: Figure) => boolean,
): Candidate[] {
  const out: Candidate[] = [];
  for (const metric of metrics) {
    // Only a term of the metric ties a figure to it; the rest is read only for those.
    if (!foundAny(hits, metric.terms) || foundAny(hits, metric.partial)) continue;
    const open = openFigures(clause, metric, figures, hits).map(
      (ok, fi) => ok && inContext(metric, figures[fi]!),
    );
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
            if (crossesOther(figures, fi, hit.end, f.first)) continue;
            const gap = separated(clause, hit.end, f.first)
              ? relativeClauseGap(clause, hit.end, f.first)
              : f.first - hit.end <= MAX_GAP_BEFORE
                ? f.first - hit.end
                : null;
            if (gap === null) continue;
            cost = gap + 0.5; // English and Spanish usually name the metric after the figure.
          } else {
            continue; // The term overlaps the figure itself.
          }
          // A metric that also needed context words in the sentence is more specific.
          if (metric.context.length > 0) cost -= 0.25;
          if (weak) cost += WEAK_COST;
          out.push({ figure: fi, metric, word: `${hit.start}:${hit.end}`, weak, cost });
        }
      }
    }
  }
  return out.sort((a, b) => a.cost - b.cost);
}
