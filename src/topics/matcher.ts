/** Decides whether a story belongs to a beat, with an explanation of every decision. */
import type { Topic } from '../config/schema.js';

/** The text of a story to match. */
export interface MatchInput {
  title: string;
  summary?: string;
  content?: string;
}

/** A decision and its explanation. */
export interface MatchResult {
  relevant: boolean;
  score: number;
  /** Terms that matched with what they contributed, e.g. `Bukele(+1)`, `CECOT(strong)`. */
  matched: string[];
  /** Exclusion terms that matched, e.g. `bitcoin(title)`. */
  excluded: string[];
}

export type Matcher = (text: MatchInput) => MatchResult;

/** Builds the matcher of one beat from its match rules and its brief's entities. */
export function createMatcher(_topic: Topic): Matcher {
  return () => ({ relevant: false, score: 0, matched: [], excluded: [] });
}
