/**
 * The clustering side of the story index: which stories have each feature, how rare each
 * feature is, and what a new story shares with the earlier ones that could be its event. A new
 * story is compared in full only with the few stories that share the most rare features with
 * it, never with every story, and with the latest reports of a cluster it could join.
 *
 * Like the rest of the index it is a function of the *set* of stories it holds: rarities depend
 * on that set only, and ties are broken by publication time and then id.
 */
import { bestOf } from './best.js';
import {
  type ClusterModel,
  countedEvidence,
  type EvidenceName,
  noEvidence,
  type PairEvidence,
  probabilityOf,
  SUMMED_KINDS,
} from './cluster-model.js';
import { KEY_LETTERS } from './cognates.js';

const DAY_MS = 24 * 3600_000;

/** Postings longer than this are skipped when collecting candidates (the feature is too common to find them). */
const MAX_POSTING = 150;
/** Candidates scored in full per lookup. */
const MAX_CANDIDATES = 16;
/** A cluster's latest reports a story is compared with before it joins. */
const MAX_SUPPORT = 16;

/** What the cluster index needs of a story. */
export interface ClusterMember {
  id: string;
  /** Epoch milliseconds; 0 when unknown. */
  publishedMs: number;
  cluster: string;
}

/** One earlier story scored against a new one. */
export interface ClusterCandidate<M extends ClusterMember = ClusterMember> {
  member: M;
  evidence: PairEvidence;
  /** The model's probability that the two report one event, from the evidence that counts (`countedEvidence`). */
  probability: number;
  apartMs: number;
  /** Whether the model finds the two likely enough one event (joining this one's cluster also takes the cluster's support). */
  joins: boolean;
  /**
   * What the score is made of, largest first: each feature both stories have (`p:izalco`), and
   * the similarities, the time apart and a change of language (`similarity`, `days`…).
   */
  because: Contribution[];
}

/** How likely a story reports a cluster's event, on average over the cluster's latest reports. */
export interface ClusterSupport {
  /** How many of the cluster's latest reports within the follow-up window it was compared with. */
  reports: number;
  /** The model's mean probability over them. */
  probability: number;
}

/** A story's join: the earlier story it is most likely to report the event of, and the cluster's support. */
export interface ClusterJoin<M extends ClusterMember = ClusterMember> {
  candidate: ClusterCandidate<M>;
  support: ClusterSupport;
}

/** A shared feature or a kind of evidence, and what it added to the model's score. */
export interface Contribution {
  what: string;
  contribution: number;
}

/** Evidence that is not a sum of shared features: it is explained by its own value. */
const OVERALL: readonly EvidenceName[] = ['cognates', 'similarity', 'days', 'crossLanguage'];

/** Where a feature's weight goes: a summed kind of evidence, or the cognates' similarity. */
type Role = EvidenceName | 'cognate';

function roleOf(feature: string, beatTerms: ReadonlySet<string>): Role {
  const kind = feature.charAt(0);
  if (kind === 'e') return beatTerms.has(feature.slice(2)) ? 'beatEntity' : 'entity';
  if (kind === 'w') return 'cognate';
  // Kinds the model has no weight for count towards the similarity only.
  return SUMMED_KINDS[kind] ?? 'similarity';
}

/** The language feature (`l:en`), which is no evidence itself. */
const LANGUAGE = 'l:';
/** A headline's cognate keys (`t:recor`): no evidence themselves, they say which dated words count. */
const HEADLINE = 't:';

/** A story's features as the index holds them: the evidence, the language (null when unknown), the headline's keys. */
interface SplitFeatures {
  rest: string[];
  lang: string | null;
  headline: ReadonlySet<string>;
}

function splitFeatures(features: readonly string[]): SplitFeatures {
  let lang: string | null = null;
  const rest: string[] = [];
  const headline = new Set<string>();
  for (const f of features) {
    if (f.startsWith(LANGUAGE)) lang = f.slice(LANGUAGE.length);
    else if (f.startsWith(HEADLINE)) headline.add(f.slice(HEADLINE.length));
    else rest.push(f);
  }
  return { rest, lang, headline };
}

/**
 * Whether a shared dated word (`h:03-23/recorr`) names the event of one of the two stories: its
 * word is in one of their headlines. "The facility their colleagues toured on Monday" refers back
 * to a story headlined "…tour CECOT"; two stories of one Friday that both say "the government
 * said on Friday" share dated words that neither headline has.
 */
function namesAnEvent(feature: string, a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const word = wordOf(feature);
  return inHeadline(word, a) || inHeadline(word, b);
}

/** The word of a dated word (`h:03-23/recorr` → `recorr`). */
function wordOf(feature: string): string {
  return feature.slice(feature.indexOf('/') + 1);
}

/** Whether a dated word is in a headline: its key cut to a cognate key's length is one of the headline's keys. */
function inHeadline(word: string, headline: ReadonlySet<string>): boolean {
  return headline.has(word.slice(0, KEY_LETTERS));
}

/** Settings of the cluster index. */
export interface ClusterIndexOptions {
  model: ClusterModel;
  /** Entities that define the beat (see `beatTerms`): their evidence is counted apart. */
  beatTerms: ReadonlySet<string>;
  /** Longest time between two stories that can still share a cluster (ms). */
  followUpWindowMs: number;
}

/** A story looked up: the numbers of the features the index knows, ascending, the others, and its language. */
interface Probe {
  known: number[];
  unseen: string[];
  /** How many of the unseen features are cognate keys, and how many take part in the other similarity. */
  unseenCognates: number;
  unseenRest: number;
  lang: string | null;
  headline: ReadonlySet<string>;
}

/** The cluster index; see the module comment. */
export class ClusterIndex<M extends ClusterMember = ClusterMember> {
  private readonly numbers = new Map<string, number>();
  /** By feature number: the feature, its role, and the serials of the stories that have it. */
  private readonly features: string[] = [];
  private readonly roles: Role[] = [];
  private readonly postings: number[][] = [];
  /** By serial: the member and its feature numbers, ascending. */
  private readonly members: M[] = [];
  private readonly featuresOf: number[][] = [];
  private readonly languages: Array<string | null> = [];
  private readonly headlines: Array<ReadonlySet<string>> = [];
  /** Cluster → the serials of its stories. */
  private readonly clusterMembers = new Map<string, number[]>();

  constructor(private readonly options: ClusterIndexOptions) {}

  /** Adds a story with its features; the member must not change once added. */
  add(member: M, features: readonly string[]): void {
    const serial = this.members.length;
    const { rest, lang, headline } = splitFeatures(features);
    const numbers = [...new Set(rest)].map((f) => this.numberOf(f)).sort((a, b) => a - b);
    for (const n of numbers) this.postings[n]!.push(serial);
    this.members.push(member);
    this.featuresOf.push(numbers);
    this.languages.push(lang);
    this.headlines.push(headline);
    const cluster = this.clusterMembers.get(member.cluster);
    if (cluster) cluster.push(serial);
    else this.clusterMembers.set(member.cluster, [serial]);
  }

  private numberOf(feature: string): number {
    let n = this.numbers.get(feature);
    if (n === undefined) {
      n = this.features.length;
      this.numbers.set(feature, n);
      this.features.push(feature);
      this.roles.push(roleOf(feature, this.options.beatTerms));
      this.postings.push([]);
    }
    return n;
  }

  /**
   * How rare a feature held by `df` stories is, from 0 (every story) to 1 (none yet): an inverse
   * document frequency scaled so the evidence means the same from the first story to the
   * ten-thousandth.
   */
  private rarity(df: number): number {
    const n = this.members.length;
    return Math.log(1 + (n + 1) / (df + 1)) / Math.log(2 + n);
  }

  /** Earlier stories that could report the same event as a story with these features, best first. */
  candidates(features: readonly string[], publishedMs: number): ClusterCandidate<M>[] {
    return this.scoredCandidates(this.probe(features), publishedMs).map(([, c]) => c);
  }

  /** The shortlisted stories scored, best first, each with its serial. */
  private scoredCandidates(probe: Probe, publishedMs: number): Array<[number, ClusterCandidate<M>]> {
    const out = this.shortlist(probe, publishedMs).map((serial): [number, ClusterCandidate<M>] => [
      serial,
      this.score(probe, serial, publishedMs),
    ]);
    return out.sort(
      ([, a], [, b]) => b.probability - a.probability || (earlier(a.member, b.member) ? -1 : 1),
    );
  }

  /**
   * The cluster a story with these features joins, or null. The most likely earlier stories are
   * tried in turn (those `accept` accepts, when given); a story joins one's cluster only when the
   * model finds it likely, on average over that cluster's reports within the follow-up window,
   * that they report one event: one report that happens to share a day or some words with it is
   * not enough to pull it in, and so one wrong join cannot chain two events into one.
   */
  join(
    features: readonly string[],
    publishedMs: number,
    accept: (candidate: ClusterCandidate<M>) => boolean = () => true,
  ): ClusterJoin<M> | null {
    const probe = this.probe(features);
    const scored = this.scoredCandidates(probe, publishedMs);
    const known = new Map(scored);
    const tried = new Set<string>();
    for (const [, candidate] of scored) {
      if (!candidate.joins) continue;
      const { cluster } = candidate.member;
      if (tried.has(cluster) || !accept(candidate)) continue;
      tried.add(cluster);
      const support = this.support(probe, cluster, publishedMs, known);
      if (support.probability >= this.options.model.threshold) return { candidate, support };
    }
    return null;
  }

  /**
   * The mean probability of the probe against a cluster's latest reports within the follow-up
   * window (at most {@link MAX_SUPPORT}: where a storyline is now, and a bounded cost).
   */
  private support(
    probe: Probe,
    cluster: string,
    publishedMs: number,
    known: ReadonlyMap<number, ClusterCandidate<M>>,
  ): ClusterSupport {
    const within = new Map<number, number>();
    for (const serial of this.clusterMembers.get(cluster) ?? []) {
      const member = this.members[serial]!;
      if (timeApart(publishedMs, member.publishedMs) <= this.options.followUpWindowMs)
        within.set(serial, member.publishedMs);
    }
    const latest = bestOf(within, MAX_SUPPORT, (a, b) => this.members[a]!.id > this.members[b]!.id);
    let sum = 0;
    for (const serial of latest)
      sum += (known.get(serial) ?? this.score(probe, serial, publishedMs)).probability;
    return { reports: latest.length, probability: latest.length > 0 ? sum / latest.length : 0 };
  }

  private probe(features: readonly string[]): Probe {
    const { rest, lang, headline } = splitFeatures(features);
    const known: number[] = [];
    const unseen: string[] = [];
    for (const f of new Set(rest)) {
      const n = this.numbers.get(f);
      if (n === undefined) unseen.push(f);
      else known.push(n);
    }
    const roles = unseen.map((f) => roleOf(f, this.options.beatTerms));
    const unseenCognates = roles.filter((r) => r === 'cognate').length;
    // Dated words are a sentence's words again, and would outweigh every other kind in the similarity.
    const unseenRest = roles.filter((r) => r !== 'cognate' && r !== 'happened').length;
    return { known: known.sort((a, b) => a - b), unseen, unseenCognates, unseenRest, lang, headline };
  }

  /**
   * The stories within the follow-up window that share the most rare features with the probe
   * (cognates and language left aside: every story has many), at most {@link MAX_CANDIDATES}.
   */
  private shortlist(probe: Probe, publishedMs: number): number[] {
    const tally = new Map<number, number>();
    for (const n of probe.known) {
      const role = this.roles[n]!;
      const posting = this.postings[n]!;
      if (role === 'cognate' || posting.length > MAX_POSTING) continue;
      const w = this.rarity(posting.length);
      for (const serial of posting) tally.set(serial, (tally.get(serial) ?? 0) + w);
    }
    for (const serial of tally.keys()) {
      if (timeApart(publishedMs, this.members[serial]!.publishedMs) > this.options.followUpWindowMs)
        tally.delete(serial);
    }
    return bestOf(tally, MAX_CANDIDATES, (a, b) => earlier(this.members[a]!, this.members[b]!));
  }

  /** The evidence of the probe against one story, the model's verdict, and what they share. */
  private score(probe: Probe, serial: number, publishedMs: number): ClusterCandidate<M> {
    const member = this.members[serial]!;
    const theirs = this.featuresOf[serial]!;
    const { model } = this.options;
    const x = noEvidence();
    const shared: Array<{ n: number; w: number }> = [];
    // Rarity-weighted vectors of the two stories, in two parts (the cognates, and the rest):
    // their squared norms and dot products, for the two cosine similarities. A feature no story
    // has yet is as rare as can be.
    let oursCognates = probe.unseenCognates;
    let oursRest = probe.unseenRest;
    let theirsCognates = 0;
    let theirsRest = 0;
    let dotCognates = 0;
    let dotRest = 0;
    const mine = probe.known;
    let i = 0;
    let j = 0;
    while (i < mine.length || j < theirs.length) {
      const a = i < mine.length ? mine[i]! : Number.POSITIVE_INFINITY;
      const b = j < theirs.length ? theirs[j]! : Number.POSITIVE_INFINITY;
      const n = Math.min(a, b);
      if (a === n) i++;
      if (b === n) j++;
      const role = this.roles[n]!;
      const w = this.rarity(this.postings[n]!.length);
      const ww = w * w;
      if (role === 'cognate') {
        if (a === n) oursCognates += ww;
        if (b === n) theirsCognates += ww;
        if (a === b) dotCognates += ww;
        continue;
      }
      if (role === 'happened') {
        // Dated words count when they name the event of one of the two (see `namesAnEvent`).
        if (a === b && namesAnEvent(this.features[n]!, probe.headline, this.headlines[serial]!)) {
          x.happened += w;
          shared.push({ n, w });
        }
        continue;
      }
      if (a === n) oursRest += ww;
      if (b === n) theirsRest += ww;
      if (a !== b) continue;
      dotRest += ww;
      if (role === 'similarity') continue;
      x[role] += w;
      shared.push({ n, w });
    }
    x.cognates = cosine(dotCognates, oursCognates, theirsCognates);
    x.similarity = cosine(dotRest, oursRest, theirsRest);
    const apartMs = timeApart(publishedMs, member.publishedMs);
    x.days = apartMs / DAY_MS;
    const theirLang = this.languages[serial];
    x.crossLanguage = probe.lang && theirLang && probe.lang !== theirLang ? 1 : 0;
    const counted = countedEvidence(x);
    const probability = probabilityOf(model, counted);
    const index = this;
    return {
      member,
      evidence: x,
      probability,
      apartMs,
      joins: probability >= model.threshold,
      // Worked out when asked: only the story joined is explained.
      get because() {
        return index.explain(counted, shared);
      },
    };
  }

  /** What a score is made of, largest first (see {@link ClusterCandidate.because}). */
  private explain(x: PairEvidence, shared: ReadonlyArray<{ n: number; w: number }>): Contribution[] {
    const { weights } = this.options.model;
    const because: Contribution[] = [];
    for (const { n, w } of shared) {
      const role = this.roles[n] as EvidenceName;
      // Evidence that did not count (see `countedEvidence`) is not part of the explanation.
      if (x[role] !== 0) because.push({ what: this.features[n]!, contribution: weights[role] * w });
    }
    for (const name of OVERALL) {
      if (x[name] !== 0) because.push({ what: name, contribution: weights[name] * x[name] });
    }
    return because.sort((p, q) => q.contribution - p.contribution || (p.what < q.what ? -1 : 1));
  }
}

/** The cosine of two vectors from their dot product and squared norms (0 when either is empty). */
function cosine(dot: number, a: number, b: number): number {
  const norms = Math.sqrt(a * b);
  return norms > 0 ? dot / norms : 0;
}

/** Whether story `a` was published before `b` (unknown times last), or at the same time with a smaller id. */
function earlier(a: ClusterMember, b: ClusterMember): boolean {
  const ta = a.publishedMs || Number.POSITIVE_INFINITY;
  const tb = b.publishedMs || Number.POSITIVE_INFINITY;
  return ta < tb || (ta === tb && a.id < b.id);
}

function timeApart(a: number, b: number): number {
  // Unknown times (0) never keep stories apart: without a date there is nothing to compare.
  return a === 0 || b === 0 ? 0 : Math.abs(a - b);
}
