/**
 * The shapes every later step receives from the feeds module. Whatever the format on the wire
 * (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed), a feed becomes a {@link ParsedFeed} of
 * {@link FeedItem}s whose text fields are plain text.
 */

/** One entry of a feed, normalised. Text fields are plain text: tags stripped, entities decoded. */
export interface FeedItem {
  /** Stable id: the guid/id, else the link, else a hash of title and date. */
  id: string;
  title: string;
  /** Absolute URL, or null when the entry has none. */
  link: string | null;
  /** ISO 8601 (UTC) or null when absent or unreadable. */
  published: string | null;
  updated: string | null;
  author: string | null;
  /** Plain-text summary (description / summary / content_text). */
  summary: string;
  /** Plain-text full content when the feed carries it (content:encoded, atom:content), else "". */
  content: string;
  /** BCP 47 language tag from the item or the feed (e.g. "en", "es-SV"), or null. */
  language: string | null;
  /**
   * The outlet that published the item, when the item names it: aggregators such as Google News
   * list other outlets' articles with an RSS `<source url="…">Outlet</source>`, behind a link of
   * their own. Absent when the feed is the outlet's own.
   */
  outlet?: ItemOutlet;
}

/** An outlet named by an item (RSS `<source>`). */
export interface ItemOutlet {
  name: string;
  /** The outlet's site (or feed) as the item gives it, absolute; null when it gives none. */
  url: string | null;
}

/** A whole feed, normalised. */
export interface ParsedFeed {
  format: 'rss' | 'rdf' | 'atom' | 'json';
  title: string;
  /** The site's link (absolute), or null. */
  link: string | null;
  language: string | null;
  items: FeedItem[];
}
