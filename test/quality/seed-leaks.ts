/**
 * The check that a labelled set carries no sentence of the seed report: the seed gives facts and
 * figures only, and its wording must never reach the project. Shared by the tests of every set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourcedItem } from '../../src/analysis.js';
import { PROJECT_ROOT } from './devset.js';

/** The seed report, beside the project when it is checked out with its shared files; else absent. */
export const SEED_PATH = join(PROJECT_ROOT, '../shared/seeds/cecot-seed-article.txt');

const SHINGLE = 8;
const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= w.length; i++) out.add(w.slice(i, i + SHINGLE).join(' '));
  return out;
}

/** Eight-word runs of the seed report found in a set's items, labels or README. */
export function seedLeaks(sourced: readonly SourcedItem[], dir: string): string[] {
  const seed = shingles(readFileSync(SEED_PATH, 'utf8'));
  const texts = sourced.map((s) => `${s.item.title}\n${s.item.summary}\n${s.item.content}`);
  for (const file of ['labels.yaml', 'README.md']) {
    if (existsSync(join(dir, file))) texts.push(readFileSync(join(dir, file), 'utf8'));
  }
  return texts.flatMap((t) => [...shingles(t)].filter((s) => seed.has(s)));
}
