/**
 * Which stories a digest covers and in what order. A digest covers what beatwatch learned since
 * the destination's last digest; its stories are ranked by how many outlets reported them in their
 * own words, whether they move a known figure, and how recent they are (decision 020).
 */
import type { StoryCluster, StoryItem } from '../chat/core/stories.js';
import { timeOf } from '../chat/core/stories.js';

const DAY = 86_400_000;

/**
 * An item first seen this long before its period began counts as old news found late (the
 * archive of a feed just added, a backdated post), not as news of the period.
 */
export const BACKFILL_MS = 2 * DAY;

/** What one figure change weighs against one more independent outlet; at most two count. */
const FIGURE_WEIGHT = 2;
const MAX_FIGURES_COUNTED = 2;

/** A period of a digest: `fromMs` exclusive, `toMs` inclusive. */
export interface DigestWindow {
  fromMs: number;
  toMs: number;
}

/** When beatwatch first saw an item (its `seenAt`), else its publication time; NaN when neither. */
export function firstSeenMs(item: Pick<StoryItem, 'seenAt' | 'published'>): number {
  const seen = item.seenAt ? Date.parse(item.seenAt) : Number.NaN;
  return Number.isNaN(seen) ? timeOf(item) : seen;
}

/**
 * The items first seen in the window, less old news found late: each item belongs to exactly one
 * digest of a destination, the first after beatwatch stored it.
 */
export function itemsInWindow(items: readonly StoryItem[], window: DigestWindow): StoryItem[] {
  return items.filter((item) => {
    const seen = firstSeenMs(item);
    if (Number.isNaN(seen) || seen <= window.fromMs || seen > window.toMs) return false;
    const published = item.published ? Date.parse(item.published) : Number.NaN;
    return Number.isNaN(published) || published > window.fromMs - BACKFILL_MS;
  });
}

/** Outlets that reported the story in their own words; a copy of another item is not independent. */
export function independentOutlets(story: Pick<StoryCluster, 'articles'>): number {
  return new Set(story.articles.map((i) => i.source.name.trim().toLowerCase())).size;
}

/** A story with the figures its rank comes from. */
export interface RankedStory {
  story: StoryCluster;
  independentOutlets: number;
  /** Reported figures that differ from the known ones or are new. */
  figureChanges: number;
  /** Independent outlets, plus {@link FIGURE_WEIGHT} per figure change (two at most), plus 0–1 for recency. */
  score: number;
}

/** Most important first; equal scores go to the most recent, then by cluster id (stable output). */
export function rankStories(stories: readonly StoryCluster[], window: DigestWindow): RankedStory[] {
  const span = Math.max(1, window.toMs - window.fromMs);
  return stories
    .map((story) => {
      const outlets = independentOutlets(story);
      const changes = story.changes.length;
      const age = Number.isNaN(story.lastMs) ? 0 : (story.lastMs - window.fromMs) / span;
      const recency = Math.min(1, Math.max(0, age));
      return {
        story,
        independentOutlets: outlets,
        figureChanges: changes,
        score: outlets + FIGURE_WEIGHT * Math.min(changes, MAX_FIGURES_COUNTED) + recency,
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.story.lastMs || 0) - (a.story.lastMs || 0) ||
        a.story.cluster.localeCompare(b.story.cluster),
    );
}
