/**
 * The clustering side of the story index: which stories have each feature, how much each feature
 * weighs, and how alike two stories' weighted features are.
 *
 * Features are numbered on first sight, and a story's features are kept as those numbers, so
 * scoring a candidate reads arrays by number instead of looking strings up in maps; each feature
 * is weighed at most once per lookup.
 */

/** Relative weight of each feature kind before inverse document frequency. */
const KIND_WEIGHT: Record<string, number> = { e: 1, m: 2, n: 1.5, p: 1.2, c: 0.8, s: 0.8 };
/** Kinds that name what happened (a person, an event), as opposed to the topic or a figure. */
const EVENT_KINDS = new Set(['p', 'c']);

/** How alike a candidate is to the story being looked up. */
export interface Comparison {
  /** Cosine similarity of the two stories' weighted features. */
  similarity: number;
  /** Summed weight of the features both stories have. */
  evidence: number;
  /** Whether they share a feature that names what happened (a `p:` or `c:` feature). */
  namesEvent: boolean;
}

export class FeatureIndex {
  /** Stories that take part in clustering (those whose features are not null). */
  private clustered = 0;
  private readonly numbers = new Map<string, number>();
  /** By feature number: the serials of the stories that have it, in the order they came. */
  private readonly postings: number[][] = [];
  /** By feature number: its kind's weight, the brief entity it names (`e:` only), and whether it names an event. */
  private readonly kindWeights: number[] = [];
  private readonly entities: Array<string | null> = [];
  private readonly events: boolean[] = [];

  /** The current lookup: its number, the weights it found (valid where stamped) and its story's features. */
  private lookup = 0;
  private weights = new Float64Array(256);
  private weighed = new Uint32Array(256);
  private inStory = new Uint32Array(256);
  private storyNorm = 0;
  private beatTerms: ReadonlySet<string> | undefined;
  private idfScale = 0;

  /** Adds a clustered story's features; returns their numbers, in the order given. */
  add(features: readonly string[], serial: number): Int32Array {
    this.clustered++;
    const numbers = new Int32Array(features.length);
    features.forEach((feature, i) => {
      const n = this.numberOf(feature);
      const posting = this.postings[n]!;
      // A story's serials arrive together, so a repeated feature is the posting's last serial.
      if (posting[posting.length - 1] !== serial) posting.push(serial);
      numbers[i] = n;
    });
    return numbers;
  }

  private numberOf(feature: string): number {
    let n = this.numbers.get(feature);
    if (n !== undefined) return n;
    n = this.postings.length;
    this.numbers.set(feature, n);
    this.postings.push([]);
    const kind = feature.charAt(0);
    this.kindWeights.push(KIND_WEIGHT[kind] ?? 1);
    this.entities.push(kind === 'e' ? feature.slice(2) : null);
    this.events.push(EVENT_KINDS.has(kind));
    if (n >= this.weights.length) {
      const size = this.weights.length * 2;
      this.weights = new Float64Array(size);
      this.weighed = new Uint32Array(size);
      this.inStory = new Uint32Array(size);
      this.lookup = 0;
    }
    return n;
  }

  /** The serials of the stories that have a feature (none for a feature no story has). */
  posting(feature: string): readonly number[] | undefined {
    const n = this.numbers.get(feature);
    return n === undefined ? undefined : this.postings[n];
  }

  /**
   * Weight of a feature: its kind's weight times its inverse document frequency in the index,
   * scaled so a feature no story has yet counts 1 whatever the size of the index (which keeps the
   * evidence thresholds meaningful from the first story to the ten-thousandth).
   */
  weight(feature: string, beatTerms?: ReadonlySet<string>): number {
    const kind = feature.charAt(0);
    return weighFeature(
      KIND_WEIGHT[kind] ?? 1,
      kind === 'e' && beatTerms?.has(feature.slice(2)) === true,
      this.posting(feature)?.length ?? 0,
      this.clustered,
      Math.log(2 + this.clustered),
    );
  }

  /**
   * Starts a lookup for a story with these features: weighs them and remembers them for
   * {@link compare}. Returns each feature's number, or -1 for a feature no story has.
   */
  startLookup(features: readonly string[], beatTerms?: ReadonlySet<string>): Int32Array {
    this.lookup = this.lookup >= 0xfffffffe ? 1 : this.lookup + 1;
    if (this.lookup === 1) {
      this.weighed.fill(0);
      this.inStory.fill(0);
    }
    this.beatTerms = beatTerms;
    this.idfScale = Math.log(2 + this.clustered);
    const numbers = new Int32Array(features.length);
    const unseen = new Set<string>();
    // The story's norm, each distinct feature counted once, in the order first given.
    this.storyNorm = 0;
    features.forEach((feature, i) => {
      const n = this.numbers.get(feature) ?? -1;
      numbers[i] = n;
      let w: number;
      if (n >= 0) {
        if (this.inStory[n] === this.lookup) return;
        this.inStory[n] = this.lookup;
        w = this.weightOf(n);
      } else {
        if (unseen.has(feature)) return;
        unseen.add(feature);
        w = this.weight(feature, beatTerms);
      }
      this.storyNorm += w * w;
    });
    return numbers;
  }

  /** The serials of the stories that have feature number `n`. */
  postingOf(n: number): readonly number[] {
    return this.postings[n]!;
  }

  /** {@link weight} of feature number `n`, worked out once per lookup. */
  weightOf(n: number): number {
    if (this.weighed[n] === this.lookup) return this.weights[n]!;
    const entity = this.entities[n];
    const w = weighFeature(
      this.kindWeights[n]!,
      entity != null && this.beatTerms?.has(entity) === true,
      this.postings[n]!.length,
      this.clustered,
      this.idfScale,
    );
    this.weights[n] = w;
    this.weighed[n] = this.lookup;
    return w;
  }

  /** Cosine similarity of the current lookup's story and a story with these feature numbers, and what they share. */
  compare(features: Int32Array): Comparison {
    let norm = 0;
    let dot = 0;
    let evidence = 0;
    let namesEvent = false;
    for (const n of features) {
      const w = this.weightOf(n);
      norm += w * w;
      if (this.inStory[n] !== this.lookup) continue;
      dot += w * w;
      evidence += w;
      if (this.events[n]) namesEvent = true;
    }
    const xx = this.storyNorm;
    return { similarity: xx && norm ? dot / Math.sqrt(xx * norm) : 0, evidence, namesEvent };
  }
}

/**
 * The weight of a feature (see {@link FeatureIndex.weight}) from its kind's weight, whether it
 * names one of the beat's own terms (those say little about which event a story reports), its
 * document frequency, the number of clustered stories and `log(2 + clustered)`.
 */
function weighFeature(
  kindWeight: number,
  beatTerm: boolean,
  df: number,
  clustered: number,
  idfScale: number,
): number {
  const idf = Math.log(1 + (clustered + 1) / (df + 1)) / idfScale;
  return kindWeight * (beatTerm ? 0.25 : 1) * idf;
}
