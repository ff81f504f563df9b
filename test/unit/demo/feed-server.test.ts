import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type SampleFeedServer, startSampleFeedServer } from '../../../src/demo/feed-server.js';
import { parseFeed } from '../../../src/feeds/parse/index.js';

const DIR = resolve('seeds/sample-feeds');
let server: SampleFeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startSampleFeedServer', () => {
  it('serves every sample feed as a parseable feed, dated around now', async () => {
    const now = Date.parse('2027-03-01T12:00:00Z');
    server = await startSampleFeedServer({ dir: DIR, nowMs: now });
    expect(server.feeds.length).toBeGreaterThanOrEqual(6);
    const languages = new Set<string>();
    const formats = new Set<string>();
    for (const feed of server.feeds) {
      const res = await fetch(feed.url);
      expect(res.status).toBe(200);
      const parsed = parseFeed(Buffer.from(await res.arrayBuffer()), {
        baseUrl: feed.url,
        contentType: res.headers.get('content-type'),
      });
      formats.add(parsed.format);
      languages.add((parsed.language ?? '').slice(0, 2));
      expect(parsed.items.length).toBeGreaterThan(0);
      for (const item of parsed.items) {
        const t = Date.parse(item.published ?? '');
        // Every item within the three days before "now", none in the future.
        expect(t).toBeLessThanOrEqual(now);
        expect(t).toBeGreaterThan(now - 3 * 86_400_000);
      }
    }
    expect([...formats].sort()).toEqual(['atom', 'json', 'rss']);
    expect(languages).toEqual(new Set(['en', 'es']));
  });

  it('answers 304 to a matching ETag, and switching rounds adds items and changes the ETag', async () => {
    server = await startSampleFeedServer({ dir: DIR });
    const url = server.feeds[0]!.url;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    const round1 = parseFeed(Buffer.from(await first.arrayBuffer()), { baseUrl: url });
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

    server.setRound(2);
    expect(server.round).toBe(2);
    const second = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(200);
    const round2 = parseFeed(Buffer.from(await second.arrayBuffer()), { baseUrl: url });
    expect(round2.items.length).toBeGreaterThan(round1.items.length);
    // Feeds keep their earlier items.
    for (const item of round1.items) expect(round2.items.map((i) => i.id)).toContain(item.id);
    expect(server.served).toMatchObject({ 200: 2, 304: 1 });
    expect((await fetch(`${server.url}/feeds/nope.xml`)).status).toBe(404);
  });
});
