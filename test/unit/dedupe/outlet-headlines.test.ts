/**
 * Google News entries and the outlets' own copies: the same article by outlet and headline, in
 * either order and across workers (through the records); other outlets and old headlines apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AnalysedItem, analyseBatch, createAnalyser, type SourcedItem } from '../../../src/analysis.js';
import { headlineKey, OutletHeadlines, outletHost } from '../../../src/dedupe/outlet-headlines.js';
import { itemSource } from '../../../src/feeds/outlet.js';
import { parseFeed } from '../../../src/feeds/parse/index.js';
import { outletOf } from '../../../src/queue/workers/ingest.js';
import { cecotTopic } from '../topics/cecot-topic.js';

const topic = cecotTopic();
const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'google-news');

function read(file: string, name: string): SourcedItem[] {
  const feedUrl = `https://feeds.example/${file}`;
  return parseFeed(readFileSync(join(FIXTURES, file))).items.map((item) => ({
    item,
    source: itemSource(item, { feedUrl, name }),
  }));
}

const google = read('search-cecot.xml', 'Google News — CECOT (en)');
const herald = read('gulf-coast-herald.xml', 'The Gulf Coast Herald — World');
const courier = read('pacific-courier.xml', 'Pacific Courier');

const byTitle = (items: AnalysedItem[], feed: string, start: string) =>
  items.find(
    (i) => i.source.feedUrl.endsWith(feed) && i.title.toLowerCase().startsWith(start.toLowerCase()),
  )!;

describe('a Google News entry and the outlet’s own copy', () => {
  const items = analyseBatch([...google, ...herald, ...courier], topic);

  it('are one article: the later is a duplicate of the earlier, in its cluster', () => {
    for (const [feed, start] of [
      ['gulf-coast-herald.xml', 'Red Cross team'],
      ['pacific-courier.xml', 'Families of Venezuelan'],
      ['gulf-coast-herald.xml', 'Senators ask'],
    ] as const) {
      const own = byTitle(items, feed, start);
      const entry = byTitle(items, 'search-cecot.xml', start);
      const [first, copy] = own.duplicateOf === null ? [own, entry] : [entry, own];
      expect(copy.duplicateOf, start).toBe(first.id);
      expect(copy.cluster).toBe(first.cluster);
      expect(first.duplicateOf).toBeNull();
    }
  });

  it('reports the entry under its outlet, whose site counts as the outlet for figures', () => {
    const entry = byTitle(items, 'search-cecot.xml', 'Asamblea aprueba');
    expect(entry.source).toEqual({
      feedUrl: 'https://feeds.example/search-cecot.xml',
      name: 'El Mirador Nacional',
      outletUrl: 'https://www.elmiradornacional.example',
    });
    expect(outletOf(entry)).toBe('elmiradornacional.example');
    expect(outletOf(byTitle(items, 'gulf-coast-herald.xml', 'Red Cross team'))).toBe(
      'gulfcoastherald.example',
    );
    expect(byTitle(items, 'search-cecot.xml', 'Red Cross team').link).toMatch(
      /^https:\/\/news\.google\.com\//,
    );
  });

  it('match in either order, and through the records another worker replays', () => {
    const entry = google[0]!;
    const own = herald[0]!;
    const a = createAnalyser(topic);
    const ownFirst = a.analyse(own);
    expect(a.analyse(entry).item.duplicateOf).toBe(ownFirst.item.id);

    const b = createAnalyser(topic);
    const entryFirst = b.analyse(entry);
    const c = createAnalyser(topic);
    c.remember(entryFirst.record);
    expect(c.analyse(own).item).toMatchObject({
      duplicateOf: entry.item.id,
      cluster: entryFirst.item.cluster,
    });
  });
});

describe('OutletHeadlines', () => {
  const tokens = ['red', 'cross', 'team', 'visits', 'prison'];
  const herald = headlineKey('gulfcoastherald.example', tokens)!;
  const DAY = 86_400_000;

  it('keys a headline by its outlet; short headlines and unknown outlets have none', () => {
    expect(outletHost('https://www.gulfcoastherald.example/world/x')).toBe('gulfcoastherald.example');
    expect(outletHost('not a url')).toBeNull();
    expect(headlineKey('gulfcoastherald.example', ['live', 'updates'])).toBeNull();
    expect(headlineKey(null, tokens)).toBeNull();
    expect(headlineKey('pacificcourier.example', tokens)).not.toBe(herald);
  });

  it('matches only when one side is an aggregator’s entry, within days, the earliest first', () => {
    const index = new OutletHeadlines();
    index.add({ id: 'own', publishedMs: 10 * DAY, key: herald, aggregated: false, rootId: 'own' });
    index.add({ id: 'own-copy', publishedMs: 9 * DAY, key: herald, aggregated: false, rootId: 'own-wire' });
    expect(
      index.findOriginal({ id: 'other', publishedMs: 10 * DAY, key: herald, aggregated: false }),
    ).toBeNull();
    expect(index.findOriginal({ id: 'gn', publishedMs: 10 * DAY, key: herald, aggregated: true })).toBe(
      'own-wire',
    );
    expect(index.findOriginal({ id: 'gn', publishedMs: 20 * DAY, key: herald, aggregated: true })).toBeNull();
    index.forget(9.5 * DAY);
    expect(index.findOriginal({ id: 'gn', publishedMs: 10 * DAY, key: herald, aggregated: true })).toBe(
      'own',
    );
  });
});
