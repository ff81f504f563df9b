/**
 * Why the analysis joined a story to an earlier one's cluster, in words a reader can check: the
 * earlier story, the clustering model's probability, and what its score is made of.
 */
import { SUMMED_KINDS } from './dedupe/cluster-model.js';
import type { ClusterMatch } from './dedupe/story-index.js';

/** Why a story joined an earlier story's cluster (`joinedBecause` of `analyze --json`). */
export interface JoinReason {
  /** The earlier story it was joined with. */
  item: string;
  /** The clustering model's probability that the two report one event. */
  probability: number;
  /** Days between the two stories. */
  days: number;
  /**
   * How many of the cluster's latest reports the story was compared with, and the model's mean
   * probability over them: a story joins only when that, too, is likely enough.
   */
  support: { reports: number; probability: number };
  /**
   * What the model's score is made of, largest first, each with what it added:
   * `figure deaths_in_custody=473 +1.9`, `name izalco +0.8`, `on 03-23: republ +1.1` (a word of a
   * headline, said of a day both stories name), `4.2 days apart -0.6`.
   */
  evidence: string[];
}

/** How many parts of the score for joining a reason lists. */
const MAX_EVIDENCE = 8;

/** What a kind of feature is called in an explanation: the evidence it adds to. */
function kindName(kind: string): string {
  return kind === 'e' ? 'entity' : (SUMMED_KINDS[kind] ?? kind);
}

function signed(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return rounded >= 0 ? `+${rounded}` : String(rounded);
}

/** One part of the score in words. */
function describe(what: string, contribution: number, match: ClusterMatch): string {
  const x = match.evidence;
  const label =
    what === 'similarity'
      ? `similar features ${x.similarity.toFixed(2)}`
      : what === 'cognates'
        ? `similar words ${x.cognates.toFixed(2)}`
        : what === 'days'
          ? `${x.days.toFixed(1)} days apart`
          : what === 'crossLanguage'
            ? 'other language'
            : what.startsWith('h:')
              ? `on ${what.slice(2).replace('/', ': ')}`
              : `${kindName(what.charAt(0))} ${what.slice(2)}`;
  return `${label} ${signed(contribution)}`;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** The reason for a cluster match. */
export function joinReason(match: ClusterMatch): JoinReason {
  return {
    item: match.matchedId,
    probability: round3(match.probability),
    days: Math.round(match.evidence.days * 10) / 10,
    support: { reports: match.support.reports, probability: round3(match.support.probability) },
    // The strongest reasons for, then every reason against (the time apart).
    evidence: [
      ...match.because.filter((c) => c.contribution > 0).slice(0, MAX_EVIDENCE),
      ...match.because.filter((c) => c.contribution < 0),
    ].map((c) => describe(c.what, c.contribution, match)),
  };
}
