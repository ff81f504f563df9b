/**
 * The baseline every quality number is compared with: what a plain RSS-to-chat tool with a
 * keyword filter does. An item is relevant when `CECOT|Bukele|El Salvador` appears
 * (case-insensitive) in its title or text; it is a duplicate when an earlier item has exactly
 * the same link; every item is its own cluster; it extracts no figures.
 */
import type { Prediction } from './types.js';

/** The text and link of one feed item, in publication order. */
export interface BaselineInput {
  id: string;
  title: string;
  summary: string;
  content: string;
  link: string | null;
}

/** The keyword pattern of the baseline (PRODUCT.md, "Quality bars"). */
export const BASELINE_PATTERN = /CECOT|Bukele|El Salvador/i;

/** Runs the baseline over items given in publication order (earliest first). */
export function keywordBaseline(items: readonly BaselineInput[]): Prediction[] {
  const firstByLink = new Map<string, string>();
  return items.map((it) => {
    const relevant = BASELINE_PATTERN.test(`${it.title}\n${it.summary}\n${it.content}`);
    let duplicateOf: string | null = null;
    if (it.link !== null) {
      duplicateOf = firstByLink.get(it.link) ?? null;
      if (duplicateOf === null) firstByLink.set(it.link, it.id);
    }
    return { id: it.id, relevant, duplicateOf, cluster: it.id, claims: [], factChanges: [] };
  });
}
