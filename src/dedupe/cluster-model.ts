/**
 * Whether two stories report one event: a small logistic model over what they share. Its weights
 * are not chosen by hand: `npm run fit:clusters` fits them on the development set's labelled
 * pairs and writes `cluster-model.json` beside this file (decision 012). A decision can be read
 * back: every shared feature adds its weight times its rarity to the score, and the time between
 * the stories takes some away.
 */
import { z } from 'zod';
import fitted from './cluster-model.json' with { type: 'json' };

/** The evidence a pair of stories is judged on, in the order the model file lists its weights. */
export const EVIDENCE = [
  /** Rarity-weighted sum of shared brief entities outside the beat's own (`e:`). */
  'entity',
  /** The same for the beat-defining entities (CECOT, the state of emergency…). */
  'beatEntity',
  /** Shared acronyms outside the brief (`a:`). */
  'acronym',
  /** Shared claimed figures (`m:`). */
  'figure',
  /** Shared measures with a new figure (`k:`), whatever the figures. */
  'measure',
  /** Shared other numbers (`n:`). */
  'number',
  /** Shared capitalised name words (`p:`). */
  'name',
  /** Shared days things happened on (`d:`). */
  'date',
  /** Shared words of sentences dated to a shared day (`h:`): the same thing said to happen on the same day. */
  'happened',
  /** Shared kinds of event (`c:`). */
  'event',
  /** Shared standing situation of the beat (`s:`). */
  'situation',
  /** Cosine similarity of the two stories' cognate keys (`w:`), weighted by rarity. */
  'cognates',
  /** Cosine similarity of all their other features, weighted by rarity. */
  'similarity',
  /** Days between the two stories. */
  'days',
  /** 1 when the two are written in different languages, else 0. */
  'crossLanguage',
] as const;

export type EvidenceName = (typeof EVIDENCE)[number];

/** The evidence of one pair of stories. */
export type PairEvidence = Record<EvidenceName, number>;

/** Feature kind → the evidence it adds to (rarity-weighted sums only). */
export const SUMMED_KINDS: Readonly<Record<string, EvidenceName>> = {
  a: 'acronym',
  m: 'figure',
  k: 'measure',
  n: 'number',
  p: 'name',
  d: 'date',
  h: 'happened',
  c: 'event',
  s: 'situation',
};

/** A fitted model: `score = bias + Σ weight × evidence`; two stories join at `p(score) ≥ threshold`. */
export interface ClusterModel {
  bias: number;
  weights: PairEvidence;
  /** Probability from which two stories are taken to report one event. */
  threshold: number;
}

const modelFileSchema = z.object({
  bias: z.number(),
  weights: z.object(
    Object.fromEntries(EVIDENCE.map((name) => [name, z.number()])) as Record<EvidenceName, z.ZodNumber>,
  ),
  threshold: z.number().gt(0).lt(1),
});

/** Reads a model file's fields (anything else in it, such as how it was fitted, is left alone). */
export function parseClusterModel(raw: unknown): ClusterModel {
  const m = modelFileSchema.parse(raw);
  return { bias: m.bias, weights: m.weights as PairEvidence, threshold: m.threshold };
}

/** The model fitted on the development set (`cluster-model.json`). */
export const DEFAULT_CLUSTER_MODEL: ClusterModel = parseClusterModel(fitted);

/** Evidence of nothing shared, zero days apart, in one language. */
export function noEvidence(): PairEvidence {
  return {
    entity: 0,
    beatEntity: 0,
    acronym: 0,
    figure: 0,
    measure: 0,
    number: 0,
    name: 0,
    date: 0,
    happened: 0,
    event: 0,
    situation: 0,
    cognates: 0,
    similarity: 0,
    days: 0,
    crossLanguage: 0,
  };
}

/**
 * Evidence of who or what an event is about: its participants, places and numbers, or what one
 * of the two headlines says happened on a day both date things on.
 */
const WHO_OR_WHAT: readonly EvidenceName[] = ['entity', 'acronym', 'name', 'figure', 'number', 'happened'];

/**
 * Whether two stories share who or what: an entity outside the beat's own, an acronym, a name, a
 * figure, a number, or the words of a headline said of a day both name (`happened`).
 */
export function sharesWhoOrWhat(x: PairEvidence): boolean {
  return WHO_OR_WHAT.some((name) => x[name] > 0);
}

/**
 * The evidence the model is applied to. Two stories that share no who or what are not judged on
 * the days they date things on or on their shared words: on a beat with many stories a day,
 * that is what stories of one news day share whatever they report, and in a small index the
 * beat's common words look rare. The model is fitted on all the evidence (a development set with
 * one event every day or two cannot show this); the rule is applied where it decides.
 */
export function countedEvidence(x: PairEvidence): PairEvidence {
  return sharesWhoOrWhat(x) ? x : { ...x, date: 0, cognates: 0, crossLanguage: 0 };
}

/** The model's score (log-odds) of a pair. */
export function scoreOf(model: ClusterModel, x: PairEvidence): number {
  let z = model.bias;
  for (const name of EVIDENCE) z += model.weights[name] * x[name];
  return z;
}

/** The probability that a pair reports one event. */
export function probabilityOf(model: ClusterModel, x: PairEvidence): number {
  return 1 / (1 + Math.exp(-scoreOf(model, x)));
}
