import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../../src/feeds/parse/index.js';

describe('parseFeed: relative links', () => {
  it('resolves against xml:base, nested xml:base and the document URL', () => {
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/blog/">
        <link href="/"/>
        <entry xml:base="2024/"><link href="post.html"/><id>1</id></entry>
        <entry><link xml:base="https://other.example/x/" href="../y"/><id>2</id></entry>
      </feed>`,
      { baseUrl: 'https://feeds.example.com/atom.xml' },
    );
    expect(feed.link).toBe('https://example.com/');
    expect(feed.items.map((i) => i.link)).toEqual([
      'https://example.com/blog/2024/post.html',
      'https://other.example/y',
    ]);
  });

  it('resolves a relative xml:base against the document URL', () => {
    const feed = parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/news/"><entry><link href="a"/></entry></feed>',
      { baseUrl: 'https://example.com/feeds/atom.xml' },
    );
    expect(feed.items[0]!.link).toBe('https://example.com/news/a');
  });

  it('resolves against the document URL when the feed gives no base', () => {
    const feed = parseFeed('<rss><channel><link>/</link><item><link>/a/b</link></item></channel></rss>', {
      baseUrl: 'https://example.com/rss.xml',
    });
    expect(feed.link).toBe('https://example.com/');
    expect(feed.items[0]!.link).toBe('https://example.com/a/b');
  });

  it('falls back to the feed link when nothing else is known (a local file)', () => {
    const feed = parseFeed(
      '<rss><channel><link>https://example.com/news/</link><item><link>2024/a.html</link></item></channel></rss>',
    );
    expect(feed.items[0]!.link).toBe('https://example.com/news/2024/a.html');
  });

  it('leaves absolute links exactly as written', () => {
    const feed = parseFeed(
      '<rss><channel><item><link> http://item.TEST/Path </link></item></channel></rss>',
      {
        baseUrl: 'https://example.com/',
      },
    );
    expect(feed.items[0]!.link).toBe('http://item.TEST/Path');
  });

  it('reads Atom-style links written without the Atom namespace, but not rel="self"', () => {
    const feed = parseFeed(`<rss><channel>
      <link rel="self" href="https://example.com/feed.xml"/><link href="https://example.com/"/>
      <item><link href="https://example.com/1"/></item></channel></rss>`);
    expect(feed.link).toBe('https://example.com/');
    expect(feed.items[0]!.link).toBe('https://example.com/1');
  });

  it('gives null for an item without any link', () => {
    expect(
      parseFeed('<rss><channel><item><title>x</title></item></channel></rss>').items[0]!.link,
    ).toBeNull();
  });
});

describe('parseFeed: stable ids', () => {
  it('uses guid, else the link, else a hash of title and date', () => {
    const feed = parseFeed(`<rss><channel>
      <item><guid isPermaLink="false">abc</guid><link>https://example.com/1</link></item>
      <item><link>https://example.com/2</link></item>
      <item><title>No link</title><pubDate>Tue, 05 Mar 2024 14:00:00 GMT</pubDate></item>
    </channel></rss>`);
    expect(feed.items[0]!.id).toBe('abc');
    expect(feed.items[1]!.id).toBe('https://example.com/2');
    expect(feed.items[2]!.id).toMatch(/^sha1:[0-9a-f]{20}$/);
  });

  it('gives the same hash id on every parse and different ones for different entries', () => {
    const doc = (t: string) => `<rss><channel><item><title>${t}</title></item></channel></rss>`;
    expect(parseFeed(doc('A')).items[0]!.id).toBe(parseFeed(doc('A')).items[0]!.id);
    expect(parseFeed(doc('A')).items[0]!.id).not.toBe(parseFeed(doc('B')).items[0]!.id);
  });
});
