/**
 * Shapes the quality scorer works on: what a labeller wrote about each item of the development
 * set, and the part of an analysis that is scored. Kept structural (no import of the pipeline)
 * so the scorer judges `analyseBatch` output and the keyword baseline with the same code.
 */
import type { Qualifier } from '../config/schema.js';

/** A figure on a tracked metric, as labelled or as predicted (the clause text is not scored). */
export interface ScoredClaim {
  metric: string;
  value: number;
  qualifier: Qualifier;
}

/** How a reported figure compares with the known fact, as labelled or as predicted. */
export interface ScoredFactChange {
  metric: string;
  status: 'confirms' | 'differs' | 'new';
}

/** What the labeller decided about one item. */
export interface ItemLabel {
  relevant: boolean;
  /** The first copy of the same article in publication order, or null. */
  duplicateOf: string | null;
  /** Label name of the event the item reports; only relevant items have one. */
  cluster: string | null;
  claims: ScoredClaim[];
  /** One per claim, in the same order. */
  factChanges: ScoredFactChange[];
  /** Why a hard case is labelled the way it is (shown in reports). */
  note: string | null;
}

/** The labels of a development set, keyed by item id. */
export interface DevsetLabels {
  topic: string;
  items: Map<string, ItemLabel>;
}

/** The fields of an analysed item that are scored; `AnalysedItem` satisfies it. */
export interface Prediction {
  id: string;
  relevant: boolean;
  duplicateOf: string | null;
  cluster: string;
  claims: readonly ScoredClaim[];
  factChanges: readonly ScoredFactChange[];
}

/** An item of the set as read from its feed, for ordering and for human-readable reports. */
export interface DevsetItem {
  id: string;
  title: string;
  /** ISO 8601, or null. */
  published: string | null;
  /** Feed name, for reports. */
  source: string;
}
