import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../../src/feeds/types.js';
import { ingestJobItems, MAX_ITEMS_PER_INGEST_JOB, selectNewItems } from '../../../src/queue/new-items.js';

const LIMITS = { maxItemsPerPoll: 3, maxTitleChars: 40, maxTextChars: 60 };

function item(id: string, published: string | null, text = 'A short text.'): FeedItem {
  return {
    id,
    title: `Title ${id}`,
    link: null,
    published,
    updated: null,
    author: null,
    summary: text,
    content: text,
    language: 'en',
  };
}

describe('selectNewItems', () => {
  it('takes the newest items up to the cap, oldest first, and names the skipped ones', () => {
    const items = [
      item('e', '2026-03-05T00:00:00Z'),
      item('undated', null),
      item('c', '2026-03-03T00:00:00Z'),
      item('d', '2026-03-04T00:00:00Z'),
      item('a', '2026-03-01T00:00:00Z'),
    ];
    const { taken, skipped } = selectNewItems(items, LIMITS);
    expect(taken.map((i) => i.id)).toEqual(['c', 'd', 'e']);
    expect(skipped).toEqual(['undated', 'a']);
  });

  it('takes everything under the cap, in publication order, ties in feed order', () => {
    const items = [
      item('b', '2026-03-02T00:00:00Z'),
      item('a1', '2026-03-01T00:00:00Z'),
      item('a2', '2026-03-01T00:00:00Z'),
    ];
    expect(selectNewItems(items, { ...LIMITS, maxItemsPerPoll: 10 })).toEqual({
      taken: [items[1], items[2], items[0]],
      skipped: [],
    });
  });

  it('cuts long titles and texts at a word boundary, marking the cut', () => {
    const long = 'word '.repeat(10_000);
    const big = { ...item('x', '2026-03-01T00:00:00Z', long), title: 'headline '.repeat(500) };
    const [taken] = selectNewItems([big], LIMITS).taken;
    expect(taken!.title.length).toBeLessThanOrEqual(LIMITS.maxTitleChars);
    expect(taken!.title.endsWith('…')).toBe(true);
    expect(taken!.summary.length).toBeLessThanOrEqual(LIMITS.maxTextChars);
    expect(taken!.content).toBe(taken!.summary);
    expect(big.summary).toBe(long);
  });
});

describe('ingestJobItems', () => {
  it('cuts a long list into jobs of a bounded size, in order', () => {
    const items = Array.from({ length: 2 * MAX_ITEMS_PER_INGEST_JOB + 1 }, (_, i) => item(String(i), null));
    const jobs = ingestJobItems(items);
    expect(jobs.map((j) => j.length)).toEqual([MAX_ITEMS_PER_INGEST_JOB, MAX_ITEMS_PER_INGEST_JOB, 1]);
    expect(jobs.flat()).toEqual(items);
  });
});
