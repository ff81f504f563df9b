/** Picking the best few of many scored things without sorting them all. */

/**
 * The `k` best of `scored` (thing → score), best first: a higher score, or an equal one and
 * `before(a, b)`. Lookups want their best few, and a common word can touch thousands of stories.
 */
export function bestOf<T>(scored: ReadonlyMap<T, number>, k: number, before: (a: T, b: T) => boolean): T[] {
  const best: Array<[T, number]> = [];
  const ranks = (thing: T, score: number, [other, otherScore]: [T, number]): boolean =>
    score > otherScore || (score === otherScore && before(thing, other));
  for (const [thing, score] of scored) {
    if (best.length === k && !ranks(thing, score, best[k - 1]!)) continue;
    let i = best.length === k ? k - 1 : best.length;
    for (; i > 0 && ranks(thing, score, best[i - 1]!); i--) best[i] = best[i - 1]!;
    best[i] = [thing, score];
  }
  return best.map(([thing]) => thing);
}
