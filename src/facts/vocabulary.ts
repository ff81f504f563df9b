/** A metric's vocabulary compiled for phrase search. */
import type { Brief } from '../config/schema.js';
import { compilePhrase, type Phrase } from '../text/index.js';

/** The words that tie figures to one metric. */
export interface CompiledMetric {
  id: string;
  terms: Phrase[];
  /** Terms that lose to any other metric's term for the same figure. */
  weak: Phrase[];
  context: Phrase[];
  /** Words that make the clause's figures parts, not totals. */
  partial: Phrase[];
  exclude: Phrase[];
}

function compileAll(list: readonly string[]): Phrase[] {
  return list.map(compilePhrase).filter((p): p is Phrase => p !== null);
}

/**
 * Compiles the vocabulary of every metric of a brief. A metric without vocabulary gets no claims:
 * its labels are written for people ("People detained under the state of emergency") and would
 * never sit next to a figure as written.
 */
export function compileMetrics(brief: Brief): CompiledMetric[] {
  return brief.metrics.map((metric) => {
    const v = metric.vocabulary;
    return {
      id: metric.id,
      terms: compileAll(v?.terms ?? []),
      weak: compileAll(v?.weak ?? []),
      context: compileAll(v?.context ?? []),
      partial: compileAll(v?.partial ?? []),
      exclude: compileAll(v?.exclude ?? []),
    };
  });
}
