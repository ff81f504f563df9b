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
 * Compiles the vocabulary of every metric of a brief. A metric without vocabulary falls back to
 * the words of its labels, so a new beat gets rough claims before anyone writes its vocabulary.
 */
export function compileMetrics(brief: Brief): CompiledMetric[] {
  return brief.metrics.map((metric) => {
    const v = metric.vocabulary;
    const terms = v?.terms.length ? v.terms : Object.values(metric.label).filter((s): s is string => !!s);
    return {
      id: metric.id,
      terms: compileAll(terms),
      weak: compileAll(v?.weak ?? []),
      context: compileAll(v?.context ?? []),
      partial: compileAll(v?.partial ?? []),
      exclude: compileAll(v?.exclude ?? []),
    };
  });
}
