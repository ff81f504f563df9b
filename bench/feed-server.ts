/**
 * The benchmark's feed server: many RSS feeds on 127.0.0.1, each listing the items published to
 * it so far (newest first), with an ETag that changes when an item appears, so an unchanged feed
 * answers 304 to a conditional GET. Items can be published ahead of time with the moment each
 * appears, which makes a steady stream of new items without a timer.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FeedItem } from '../src/feeds/types.js';

/** One item of one feed, visible from `atMs` on. */
export interface Publication {
  feed: number;
  item: FeedItem;
  atMs: number;
}

/** A running feed server. */
export interface BenchFeedServer {
  /** `feedUrls[i]` serves feed i. */
  feedUrls: string[];
  /** Answers so far. */
  counts: { ok: number; notModified: number };
  /** Adds items; each appears in its feed at its `atMs`. */
  publish(publications: readonly Publication[]): void;
  close(): Promise<void>;
}

/** How many feeds, how long they are, and whether they answer conditional GETs. */
export interface BenchFeedServerOptions {
  feeds: number;
  /** Items listed per feed, newest first (default 50). */
  maxItems?: number;
  /** Send ETags and answer 304 when nothing changed (default true). */
  validators?: boolean;
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function renderItem(item: FeedItem): string {
  const date = new Date(item.published ?? Date.now()).toUTCString();
  return (
    `<item><title>${xml(item.title)}</title><link>${xml(item.link ?? '')}</link>` +
    `<guid isPermaLink="false">${xml(item.id)}</guid><pubDate>${date}</pubDate>` +
    `<description>${xml(item.summary)}</description></item>`
  );
}

function renderFeed(feed: number, items: readonly FeedItem[]): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?><rss version="2.0"><channel>' +
      `<title>Bench feed ${feed}</title><link>https://bench.example/${feed}</link>` +
      `${items.map(renderItem).join('')}</channel></rss>`,
  );
}

/** Starts the server with `feeds` empty feeds. */
export async function startBenchFeedServer(options: BenchFeedServerOptions): Promise<BenchFeedServer> {
  const { feeds, maxItems = 50, validators = true } = options;
  /** Per feed, publications in order of appearance. */
  const published: Publication[][] = Array.from({ length: feeds }, () => []);
  /** Per feed, the body last rendered and how many publications it shows. */
  const rendered = new Map<number, { count: number; body: Buffer }>();
  const counts = { ok: 0, notModified: 0 };
  const sockets = new Set<Socket>();

  const visible = (feed: number, nowMs: number): number => {
    const list = published[feed]!;
    let n = 0;
    while (n < list.length && list[n]!.atMs <= nowMs) n++;
    return n;
  };

  const server = createServer((req, res) => {
    const feed = Number(/^\/feed\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? -1);
    if (!(feed >= 0 && feed < feeds)) {
      res.writeHead(404).end();
      return;
    }
    const count = visible(feed, Date.now());
    const etag = `"${feed}-${count}"`;
    if (validators && req.headers['if-none-match'] === etag) {
      counts.notModified += 1;
      res.writeHead(304, { etag }).end();
      return;
    }
    let cached = rendered.get(feed);
    if (cached?.count !== count) {
      const items = published[feed]!.slice(Math.max(0, count - maxItems), count)
        .reverse()
        .map((p) => p.item);
      cached = { count, body: renderFeed(feed, items) };
      rendered.set(feed, cached);
    }
    counts.ok += 1;
    res.writeHead(200, {
      'content-type': 'application/rss+xml',
      'content-length': cached.body.length,
      ...(validators ? { etag } : {}),
    });
    res.end(cached.body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    feedUrls: Array.from({ length: feeds }, (_, i) => `http://127.0.0.1:${port}/feed/${i}.xml`),
    counts,
    publish(publications) {
      for (const p of publications) published[p.feed]!.push(p);
      for (const list of published) list.sort((a, b) => a.atMs - b.atMs);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
