/**
 * The check that a labelled set carries no sentence of the seed report: the seed gives facts and
 * figures only, and its wording must never reach the project. Shared by the tests of every set;
 * it compares hashed eight-word runs (`seed-shingles.ts`), so no test reads the seed itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourcedItem } from '../../src/analysis.js';
import { readSeedShingles, shingleHashes } from './seed-shingles.js';

const seed = readSeedShingles();

/** How many hashed runs of the seed the check knows (a sanity bound for the tests). */
export const SEED_RUNS = seed.size;

/** Eight-word runs of the seed report found in a set's items, labels or README. */
export function seedLeaks(sourced: readonly SourcedItem[], dir: string): string[] {
  const texts = sourced.map((s) => `${s.item.title}\n${s.item.summary}\n${s.item.content}`);
  for (const file of ['labels.yaml', 'README.md']) {
    if (existsSync(join(dir, file))) texts.push(readFileSync(join(dir, file), 'utf8'));
  }
  return texts.flatMap((t) => [...shingleHashes(t)].flatMap(([hash, run]) => (seed.has(hash) ? [run] : [])));
}
