/**
 * The checks every blind held-out set passes: labelled by the development set's rules, shaped
 * as its README says, sharing no item with the other sets, free of the seed report's wording.
 * Each set's test file calls {@link describeHeldOutSet} and adds the checks of its own stresses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVSET_DIR, type Devset, heldOutDirs, loadDevset } from './devset.js';
import { seedLeaks } from './seed-leaks.js';

/** What a set was written for: its size and the days its items fall on (`YYYY-MM-DD`, end excluded). */
export interface HeldOutShape {
  minItems: number;
  maxItems?: number;
  from: string;
  until: string;
}

/** A held-out set read once, for the shared checks and the set's own. */
export interface HeldOutSet {
  dir: string;
  set: Devset;
  /** Item id → its two-letter language. */
  languageOf: ReadonlyMap<string, string | undefined>;
  /** How many of its items are in Spanish. */
  spanish: number;
}

/** Reads a held-out set. */
export function readHeldOutSet(dir: string): HeldOutSet {
  const set = loadDevset(dir);
  const languageOf = new Map(set.sourced.map((s) => [s.item.id, s.item.language?.toLowerCase().slice(0, 2)]));
  const spanish = set.sourced.filter((s) => languageOf.get(s.item.id) === 'es').length;
  return { dir, set, languageOf, spanish };
}

/** Declares the shared checks of a held-out set; `more` adds the set's own inside the same block. */
export function describeHeldOutSet(
  name: string,
  heldOut: HeldOutSet,
  shape: HeldOutShape,
  more?: () => void,
): void {
  const { dir, set, languageOf, spanish } = heldOut;
  const labels = [...set.labels.items.values()];

  describe(name, () => {
    it('labels every item, and the labels follow the rules of the development set', () => {
      expect(set.labelProblems).toEqual([]);
    });

    it('never marks a translation as a duplicate', () => {
      const crossLanguage = [...set.labels.items]
        .filter(([, l]) => l.duplicateOf !== null)
        .filter(([id, l]) => languageOf.get(id) !== languageOf.get(l.duplicateOf!))
        .map(([id]) => id);
      expect(crossLanguage).toEqual([]);
    });

    it('has the size and mix it was written for', () => {
      const outlets = new Set(set.sourced.map((s) => s.source.feedUrl));
      expect(set.items.length).toBeGreaterThanOrEqual(shape.minItems);
      if (shape.maxItems !== undefined) expect(set.items.length).toBeLessThanOrEqual(shape.maxItems);
      expect(spanish / set.items.length).toBeGreaterThanOrEqual(0.4);
      expect(spanish / set.items.length).toBeLessThanOrEqual(0.6);
      expect(outlets.size).toBeGreaterThanOrEqual(6);
      expect(outlets.size).toBeLessThanOrEqual(8);
      const formats = new Set([...outlets].map((f) => f.split('.').pop()));
      expect(formats.has('json')).toBe(true);
      const dates = set.items.map((i) => i.published ?? '');
      expect(dates.every((d) => d >= shape.from && d < shape.until)).toBe(true);
      const metrics = new Set(labels.flatMap((l) => l.claims.map((c) => c.metric)));
      expect([...metrics].sort()).toEqual(set.topic.brief.metrics.map((m) => m.id).sort());
      const statuses = new Set(labels.flatMap((l) => l.factChanges.map((f) => f.status)));
      expect([...statuses].sort()).toEqual(['confirms', 'differs', 'new']);
    });

    it('has an aggregator feed whose entries name their outlet and link through the aggregator', () => {
      const aggregated = set.sourced.filter((s) => s.item.link?.startsWith('https://news.google.com/'));
      expect(aggregated.length).toBeGreaterThanOrEqual(5);
      // The parser takes the outlet from `<source>` and drops its " - Outlet" title suffix.
      for (const { item } of aggregated) {
        expect(item.outlet?.name).toBeTruthy();
        expect(item.title.endsWith(` - ${item.outlet?.name}`)).toBe(false);
      }
    });

    it('matches the counts its README states', () => {
      const readme = readmeOf(heldOut);
      const claims = labels.flatMap((l) => l.factChanges);
      const status = (s: string): number => claims.filter((c) => c.status === s).length;
      const clusters = new Set(labels.flatMap((l) => (l.cluster ? [l.cluster] : []))).size;
      expect(readme).toContain(
        `${labels.length} items, ${spanish} in Spanish; ${labels.filter((l) => l.relevant).length} on the beat, ` +
          `${labels.filter((l) => !l.relevant).length} off it; ` +
          `${labels.filter((l) => l.duplicateOf !== null).length} duplicate pairs`,
      );
      expect(readme).toContain(`${clusters} labelled clusters`);
      expect(readme).toContain(
        `${claims.length} labelled claims (${status('confirms')} confirm, ${status('differs')} differ, ${status('new')} new)`,
      );
    });

    it('shares no item with the development set or another held-out set', () => {
      const others = [DEVSET_DIR, ...heldOutDirs().filter((d) => d !== dir)];
      const ids = new Set(set.items.map((i) => i.id));
      for (const other of others) expect(loadDevset(other).items.filter((i) => ids.has(i.id))).toEqual([]);
    });

    it('contains no eight-word run of the seed report', () => {
      expect(seedLeaks(set.sourced, dir)).toEqual([]);
    });

    more?.();
  });
}

/** The labelled events that are reported in one language only (a set written to report each in both). */
export function eventsInOneLanguage({ set, languageOf }: HeldOutSet): string[] {
  const byCluster = new Map<string, Set<string | undefined>>();
  for (const [id, l] of set.labels.items) {
    if (!l.cluster) continue;
    if (!byCluster.has(l.cluster)) byCluster.set(l.cluster, new Set());
    byCluster.get(l.cluster)!.add(languageOf.get(id));
  }
  return [...byCluster].filter(([, langs]) => !(langs.has('en') && langs.has('es'))).map(([c]) => c);
}

/** The labelled events whose first copies include one published on `day` (`YYYY-MM-DD`, UTC). */
export function eventsOn({ set }: HeldOutSet, day: string): Set<string> {
  const published = new Map(set.items.map((i) => [i.id, i.published ?? '']));
  return new Set(
    [...set.labels.items]
      .filter(([id, l]) => l.cluster && l.duplicateOf === null && published.get(id)!.slice(0, 10) === day)
      .map(([, l]) => l.cluster!),
  );
}

/** The README's line of claims by metric, as the labels give it ("Claims by metric: detentions 21, …."). */
export function claimsByMetricLine({ set }: HeldOutSet): string {
  const byMetric = new Map<string, number>();
  for (const c of [...set.labels.items.values()].flatMap((l) => l.claims))
    byMetric.set(c.metric, (byMetric.get(c.metric) ?? 0) + 1);
  const counts = [...byMetric]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
  return `Claims by metric: ${counts}.`;
}

/** The set's README with its white space folded, for the checks of what it states. */
export function readmeOf({ dir }: HeldOutSet): string {
  return readFileSync(join(dir, 'README.md'), 'utf8').replace(/\s+/g, ' ');
}
