/**
 * Stories as messages see them: analysed items grouped by story cluster, one entry per event
 * however many outlets and wire copies reported it. Used by the digest, `/… latest` and
 * `/… stats`, so "a story" and "an outlet" are counted the same way everywhere.
 */
import type { AnalysedItem } from '../../analysis.js';
import type { FactChange } from '../../facts/types.js';
import type { StoredStory } from '../../store/types.js';
import { changeKey } from './figures.js';

/** The fields of an analysed item that messages use; stored items may carry more. */
export type StoryItem = Pick<
  AnalysedItem,
  | 'id'
  | 'title'
  | 'link'
  | 'published'
  | 'source'
  | 'relevant'
  | 'duplicateOf'
  | 'cluster'
  | 'followUp'
  | 'matched'
  | 'factChanges'
  | 'summary'
  | 'whatChanged'
> & {
  /** When beatwatch first saw the item (ISO 8601); stands in for a missing `published`. */
  seenAt?: string | null;
  /** The short id people type to follow the story (`follow 3f9a1c0b`), when it is stored. */
  storyId?: string;
};

/** Characters of a story key shown as its id: enough to tell a beat's stories apart. */
const SHORT_ID_LENGTH = 8;

/** The short id of a stored story, from its key. */
export function shortStoryId(storyKey: string): string {
  return storyKey.slice(0, SHORT_ID_LENGTH);
}

/** A stored story as messages see it; `storedAtMs` stands in for a missing publication date. */
export function storyItemOf(story: Pick<StoredStory, 'key' | 'item' | 'storedAtMs'>): StoryItem {
  return {
    ...story.item,
    seenAt: new Date(story.storedAtMs).toISOString(),
    storyId: shortStoryId(story.key),
  };
}

/** One outlet of a story, with the first link it published. */
export interface StoryOutlet {
  name: string;
  url: string | null;
}

/** A reported figure and the outlet that first reported it. */
export interface StoryChange {
  change: FactChange;
  outlet: string;
}

/** One event, as reported across outlets. */
export interface StoryCluster {
  cluster: string;
  /** The first original (non-duplicate) item: its title names the story. */
  lead: StoryItem;
  /** Every item of the cluster, oldest first (copies included). */
  items: StoryItem[];
  /** Original articles (not copies of another item). */
  articles: StoryItem[];
  /** Distinct outlets, in the order they reported. */
  outlets: StoryOutlet[];
  /** Later original articles with a headline different from the lead's. */
  followUps: StoryItem[];
  /** Figures that differ from or add to the known ones, one per distinct value. */
  changes: StoryChange[];
  firstMs: number;
  lastMs: number;
}

/** Epoch ms of an item (published, else first seen), or NaN when neither is readable. */
export function timeOf(item: Pick<StoryItem, 'published' | 'seenAt'>): number {
  const published = item.published ? Date.parse(item.published) : Number.NaN;
  if (!Number.isNaN(published)) return published;
  return item.seenAt ? Date.parse(item.seenAt) : Number.NaN;
}

function sameTitle(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return norm(a) === norm(b);
}

/** Groups the relevant items by cluster; clusters come newest activity first. */
export function groupStories(items: readonly StoryItem[]): StoryCluster[] {
  const byCluster = new Map<string, StoryItem[]>();
  for (const item of items) {
    if (!item.relevant) continue;
    const list = byCluster.get(item.cluster);
    if (list) list.push(item);
    else byCluster.set(item.cluster, [item]);
  }
  const clusters: StoryCluster[] = [];
  for (const [cluster, members] of byCluster) {
    // Undated items sort last; ties keep arrival order (Array.prototype.sort is stable).
    const sorted = [...members].sort((a, b) => (timeOf(a) || Infinity) - (timeOf(b) || Infinity));
    const articles = sorted.filter((i) => i.duplicateOf === null);
    const lead = articles[0] ?? sorted[0]!;
    const outlets: StoryOutlet[] = [];
    const outletIndex = new Map<string, StoryOutlet>();
    // Originals first, so an outlet's link points at its own article rather than a copy.
    for (const item of [...articles, ...sorted.filter((i) => i.duplicateOf !== null)]) {
      const key = item.source.name.trim().toLowerCase();
      const known = outletIndex.get(key);
      if (known) {
        known.url ??= item.link;
        continue;
      }
      const outlet = { name: item.source.name, url: item.link };
      outletIndex.set(key, outlet);
      outlets.push(outlet);
    }
    const seenTitles: string[] = [lead.title];
    const followUps = articles.filter((item) => {
      if (item === lead || seenTitles.some((t) => sameTitle(t, item.title))) return false;
      seenTitles.push(item.title);
      return true;
    });
    const changes: StoryChange[] = [];
    const changeKeys = new Set<string>();
    for (const item of sorted) {
      for (const change of item.factChanges) {
        if (change.status === 'confirms') continue;
        const key = changeKey(change);
        if (changeKeys.has(key)) continue;
        changeKeys.add(key);
        changes.push({ change, outlet: item.source.name });
      }
    }
    const times = sorted.map(timeOf).filter((t) => !Number.isNaN(t));
    clusters.push({
      cluster,
      lead,
      items: sorted,
      articles,
      outlets,
      followUps,
      changes,
      firstMs: times.length > 0 ? Math.min(...times) : Number.NaN,
      lastMs: times.length > 0 ? Math.max(...times) : Number.NaN,
    });
  }
  return clusters.sort((a, b) => (b.lastMs || 0) - (a.lastMs || 0));
}

/** Counts for "how much is being written" over a time window ending at `nowMs`. */
export interface Volume {
  stories: number;
  articles: number;
  outlets: number;
}

/** Stories (clusters), original articles and distinct outlets of relevant items in `(nowMs - windowMs, nowMs]`. */
export function volumeSince(items: readonly StoryItem[], nowMs: number, windowMs: number): Volume {
  const from = nowMs - windowMs;
  const inWindow = items.filter((i) => {
    const t = timeOf(i);
    return i.relevant && !Number.isNaN(t) && t > from && t <= nowMs;
  });
  return {
    stories: new Set(inWindow.map((i) => i.cluster)).size,
    articles: inWindow.filter((i) => i.duplicateOf === null).length,
    outlets: new Set(inWindow.map((i) => i.source.name.trim().toLowerCase())).size,
  };
}
