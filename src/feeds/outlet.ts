/** Who published an item: its feed, or the outlet the item names when an aggregator listed it. */
import type { FeedItem } from './types.js';

/** The source an item is analysed and reported under. */
export interface ItemSourceInfo {
  /** The feed the item was read from. */
  feedUrl: string;
  /** The outlet's name: the one the item names (`<source>`), else the feed's. */
  name: string;
  /** The outlet's site, when the item names its outlet with one. */
  outletUrl?: string;
}

/**
 * The source of `item` read from `feed`. An aggregator's item (Google News) is reported under the
 * outlet it names, not under the aggregator's feed, and the outlet's site stands in for the link
 * (a redirect of the aggregator's) wherever the outlet counts: figures confirmed by independent
 * outlets, and matching the outlet's own copy of the article.
 */
export function itemSource(item: FeedItem, feed: { feedUrl: string; name: string }): ItemSourceInfo {
  if (!item.outlet) return { feedUrl: feed.feedUrl, name: feed.name };
  const { name, url } = item.outlet;
  return { feedUrl: feed.feedUrl, name, ...(url ? { outletUrl: url } : {}) };
}
