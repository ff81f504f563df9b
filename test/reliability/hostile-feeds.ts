/**
 * Hostile feeds for the bad-feed test, each a path on the feed host with what it must end as:
 * the vendored feedparser corpus's ill-formed, encoding and entities files (served with the
 * Content-Type their own `Header:` comment names), and generated ones — a body over the size cap,
 * a one-byte-a-second trickle, a redirect loop, a gzip bomb, an entity bomb, invalid UTF-8, an
 * HTML page, an empty 200, 404, 410, a burst of 500s, a server that hangs up or never answers.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CORPORA, filesUnder } from '../helpers/corpora.js';
import type { FeedHost } from './feed-host.js';
import { rssFeed, syntheticStory } from './synthetic-feeds.js';

const FEEDPARSER = join(CORPORA, 'feedparser', 'tests');
export const CORPUS_FOLDERS = ['illformed', 'encoding', 'entities'] as const;

/** How a hostile feed must end: stored items, or a feed error whose text starts with `error`. */
export type Expected = { items: true } | { error: RegExp };

/** A hostile feed: where it is served and how it must end (corpus files: either way, cleanly). */
export interface HostileFeed {
  path: string;
  name: string;
  expected: Expected | null;
}

/** Every file of the three corpus folders, served under `/corpus/…`. */
export function serveCorpus(host: FeedHost): HostileFeed[] {
  return CORPUS_FOLDERS.flatMap((folder) =>
    filesUnder(join(FEEDPARSER, folder)).map((file) => {
      const body = readFileSync(file);
      const rel = relative(FEEDPARSER, file);
      const path = `/corpus/${rel.split('/').map(encodeURIComponent).join('/')}`;
      const contentType = /^Header:\s*Content-type:\s*(.+)$/im.exec(body.toString('latin1'))?.[1]?.trim();
      host.files.set(path, { body, contentType: contentType ?? 'application/xml' });
      return { path, name: rel, expected: null };
    }),
  );
}

const MB = 1024 * 1024;

function entityBomb(): string {
  const levels = ['<!ENTITY l0 "CECOT lol lol lol lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>
<!DOCTYPE rss [ ${levels.join('\n')} ]>
<rss version="2.0"><channel><title>&l9;</title>
<item><title>Entity bomb &l9;</title><guid>entity-bomb-1</guid><description>&l9;</description></item>
</channel></rss>`;
}

function invalidUtf8(): Buffer {
  const parts = [
    Buffer.from(
      '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Broken bytes</title><item><title>CECOT ',
    ),
    // A truncated sequence, bytes that never occur in UTF-8, an overlong slash, an encoded surrogate.
    Buffer.from([0xc3, 0x28, 0x20, 0xff, 0xfe, 0x20, 0xc0, 0xaf, 0x20, 0xed, 0xa0, 0x80]),
    Buffer.from(' guards</title><guid>invalid-utf8-1</guid><description>Bytes '),
    Buffer.from([0xe2, 0x82, 0x20, 0x80, 0x81]),
    Buffer.from(' end</description></item></channel></rss>'),
  ];
  return Buffer.concat(parts);
}

function answer(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'text/plain', ...headers });
  res.end(body);
}

/**
 * The generated hostile feeds, served under `/bad/…`. `privateFeedUrl` is a feed on a private
 * address that a redirect points to. The 500 burst answers 500 `burst` times, then a feed.
 */
export function serveGenerated(host: FeedHost, privateFeedUrl: string, burst: number): HostileFeed[] {
  const tooLarge = Buffer.alloc(6 * MB, 'a');
  const bomb = gzipSync(Buffer.alloc(32 * MB));
  const feed = (name: string) => rssFeed(name, [syntheticStory(900_000 + name.length, Math.random)]);
  let served500 = 0;
  const routes: Array<
    [string, Expected, (req: import('node:http').IncomingMessage, res: ServerResponse) => void]
  > = [
    [
      'oversized',
      { error: /^too-large: / },
      (_q, res) => answer(res, 200, tooLarge, { 'content-type': 'application/rss+xml' }),
    ],
    [
      'oversized-chunked',
      { error: /^too-large: / },
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        // No Content-Length: the cap must cut it while it streams.
        for (let i = 0; i < 6; i++) res.write(tooLarge.subarray(i * MB, (i + 1) * MB));
        res.end();
      },
    ],
    [
      'trickle',
      { error: /^timeout: / },
      (req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const bytes = Buffer.from(feed('trickle'));
        let i = 0;
        const timer = setInterval(() => {
          if (i >= bytes.length) return res.end();
          res.write(bytes.subarray(i, i + 1));
          i += 1;
        }, 1000);
        req.socket.on('close', () => clearInterval(timer));
      },
    ],
    [
      'redirect-loop',
      { error: /^too-many-redirects: / },
      (_q, res) => answer(res, 302, '', { location: '/bad/redirect-loop' }),
    ],
    [
      'redirect-to-private',
      { error: /^blocked-address: / },
      (_q, res) => answer(res, 302, '', { location: privateFeedUrl }),
    ],
    [
      'gzip-bomb',
      { error: /^too-large: / },
      (_q, res) =>
        answer(res, 200, bomb, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }),
    ],
    [
      'entity-bomb',
      { items: true },
      (_q, res) => answer(res, 200, entityBomb(), { 'content-type': 'application/rss+xml' }),
    ],
    [
      'invalid-utf8',
      { items: true },
      (_q, res) => answer(res, 200, invalidUtf8(), { 'content-type': 'application/rss+xml; charset=utf-8' }),
    ],
    [
      'html-page',
      { error: /^parse: / },
      (_q, res) =>
        answer(
          res,
          200,
          '<!doctype html><html><head><title>Welcome</title></head><body><h1>Our news</h1></body></html>',
          {
            'content-type': 'text/html; charset=utf-8',
          },
        ),
    ],
    [
      'empty-200',
      { error: /^parse: / },
      (_q, res) => answer(res, 200, '', { 'content-type': 'application/rss+xml' }),
    ],
    ['not-found', { error: /^http-status: / }, (_q, res) => answer(res, 404, 'not found')],
    ['gone', { error: /^HTTP 410 Gone$/ }, (_q, res) => answer(res, 410, 'gone')],
    [
      'burst-of-500',
      { items: true },
      (_q, res) => {
        if (served500 < burst) {
          served500 += 1;
          return answer(res, 500, 'internal error');
        }
        answer(res, 200, feed('burst'), { 'content-type': 'application/rss+xml' });
      },
    ],
    ['hang-up', { error: /^connect: / }, (req) => req.socket.destroy()],
    ['never-answers', { error: /^timeout: / }, () => undefined],
  ];
  return routes.map(([name, expected, handler]) => {
    const path = `/bad/${name}`;
    host.behaviours.set(path, handler);
    return { path, name, expected };
  });
}
