/** Figures reported by a story and how they compare with what the beat already knows. */
import type { Qualifier } from '../config/schema.js';

/** A numeric claim about one tracked metric, pulled out of a story's text. */
export interface Claim {
  /** A tracked metric id of the topic brief, e.g. `deaths_in_custody`. */
  metric: string;
  value: number;
  qualifier: Qualifier;
  /** The clause the figure was read from, as written. */
  text: string;
  /** Who the text attributes the figure to ("Socorro Jurídico Humanitario", "official figures"). */
  attributedTo?: string;
}

/** One side of a comparison: a value with who said it and when. */
export interface FactValue {
  value: number | null;
  qualifier: Qualifier;
  source: string;
  /** Whose figure it is, when that is not `source` (the body the outlets attribute it to). */
  attributedTo?: string;
  /** YYYY-MM-DD */
  date: string;
}

/** How a claim compares with the known fact for its metric. */
export interface FactChange {
  metric: string;
  status: 'confirms' | 'differs' | 'new';
  known: FactValue | null;
  /** `source` is the outlet that published the figure; `attributedTo`, who it says it comes from. */
  reported: FactValue & { text: string };
}
