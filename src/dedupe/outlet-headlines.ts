/**
 * An aggregator's entry and the outlet's own copy of one article. Google News lists an outlet's
 * article behind a redirect link of its own, with the outlet's headline and no text, so neither
 * the URL nor the text sketch ties it to the copy in the outlet's own feed (the redirect cannot be
 * followed offline). What ties them is the outlet — the entry's `<source url>`, the copy's link —
 * and the headline: one outlet does not publish two articles under one headline within days.
 *
 * Only pairs where one side came through an aggregator are matched this way, so feeds without
 * aggregator entries are deduplicated exactly as before. Like the story index, this is a function
 * of the set of entries it holds: the earliest match wins, by publication time and then id.
 */
import { canonicalUrl } from './canonical-url.js';
import { hash32 } from './fingerprint.js';

/** Headlines shorter than this ("Live updates") are too common to identify an article. */
const MIN_HEADLINE_WORDS = 4;
/** Longest time between an aggregator's entry and the outlet's copy (the aggregator's date is the outlet's). */
const WINDOW_MS = 3 * 24 * 3600_000;

/** The outlet's host of a URL (`www.`, `m.` and `amp.` dropped, as canonical URLs do), or null. */
export function outletHost(url: string | null | undefined): string | null {
  const canonical = canonicalUrl(url);
  return canonical === null ? null : new URL(canonical).host;
}

/**
 * The key of an article's headline at its outlet: the outlet's host and a hash of the headline's
 * folded words. Null when either is missing or the headline is too short to tell articles apart.
 */
export function headlineKey(host: string | null, titleTokens: readonly string[]): string | null {
  if (host === null || titleTokens.length < MIN_HEADLINE_WORDS) return null;
  return `${host} ${hash32(titleTokens.join(' ')).toString(36)}`;
}

/** What is kept per story. */
export interface HeadlineEntry {
  id: string;
  /** Epoch ms; 0 when unknown. */
  publishedMs: number;
  key: string;
  /** Whether the story came through an aggregator (it named its outlet in `<source>`). */
  aggregated: boolean;
  /** The first copy of the story's article: the story itself, or the story it duplicates. */
  rootId: string;
}

function earlier(a: HeadlineEntry, b: HeadlineEntry): boolean {
  const ta = a.publishedMs || Number.POSITIVE_INFINITY;
  const tb = b.publishedMs || Number.POSITIVE_INFINITY;
  return ta < tb || (ta === tb && a.id < b.id);
}

/** Stories by outlet and headline. */
export class OutletHeadlines {
  private byKey = new Map<string, HeadlineEntry[]>();
  private ids = new Set<string>();

  /** Adds a story; a second entry with a known id is ignored. */
  add(entry: HeadlineEntry): void {
    if (this.ids.has(entry.id)) return;
    this.ids.add(entry.id);
    const same = this.byKey.get(entry.key);
    if (same) same.push(entry);
    else this.byKey.set(entry.key, [entry]);
  }

  /**
   * The first copy of the article a new story is, when an earlier story has its outlet and
   * headline and one of the two came through an aggregator; else null.
   */
  findOriginal(probe: Omit<HeadlineEntry, 'rootId'>): string | null {
    let best: HeadlineEntry | null = null;
    for (const entry of this.byKey.get(probe.key) ?? []) {
      if (entry.id === probe.id || !(entry.aggregated || probe.aggregated)) continue;
      const known = entry.publishedMs !== 0 && probe.publishedMs !== 0;
      if (known && Math.abs(entry.publishedMs - probe.publishedMs) > WINDOW_MS) continue;
      if (!best || earlier(entry, best)) best = entry;
    }
    return best?.rootId ?? null;
  }

  /** Drops the stories published before `beforeMs` (unknown times count as 0). */
  forget(beforeMs: number): void {
    for (const [key, entries] of this.byKey) {
      const kept = entries.filter((e) => e.publishedMs >= beforeMs);
      for (const e of entries) if (e.publishedMs < beforeMs) this.ids.delete(e.id);
      if (kept.length === 0) this.byKey.delete(key);
      else this.byKey.set(key, kept);
    }
  }
}
