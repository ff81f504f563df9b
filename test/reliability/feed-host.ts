/**
 * A local feed server for the reliability tests: feed files by path (strong ETags, so an
 * unchanged feed answers 304), paths with a behaviour of their own (a trickle, a redirect loop, a
 * bomb), and connections dropped at random — before the answer, or halfway through the body —
 * at a rate the test sets.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

/** A feed file: its bytes and the Content-Type it is served with. */
export interface HostedFile {
  body: string | Buffer;
  contentType?: string;
}

export interface FeedHost extends TestServer {
  /** Files by path (`/feeds/a.xml`); replace one to publish new items. */
  files: Map<string, HostedFile>;
  /** Paths answered by their own handler instead of a file. */
  behaviours: Map<string, (req: IncomingMessage, res: ServerResponse) => void>;
  /** Share of requests (0–1) whose connection is dropped; `random` decides each one. */
  dropRate: number;
  /** Connections dropped so far. */
  dropped(): number;
  /** Requests received per path (query string ignored). */
  hits(path: string): number;
  /** `url` + path. */
  urlOf(path: string): string;
}

/** Starts the host on 127.0.0.1 with a random port. */
export async function startFeedHost(random: () => number = Math.random): Promise<FeedHost> {
  const files = new Map<string, HostedFile>();
  const behaviours = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const hitCounts = new Map<string, number>();
  let dropped = 0;
  const host = {} as FeedHost;
  const server = await startTestServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hitCounts.set(path, (hitCounts.get(path) ?? 0) + 1);
    const behaviour = behaviours.get(path);
    if (behaviour) return behaviour(req, res);
    const file = files.get(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body;
    if (host.dropRate > 0 && random() < host.dropRate) {
      dropped += 1;
      if (random() < 0.5) {
        req.socket.destroy();
      } else {
        // Headers and half the body, then the connection goes.
        res.writeHead(200, {
          'content-type': file.contentType ?? 'application/rss+xml',
          'content-length': String(body.length),
        });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
      }
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': file.contentType ?? 'application/rss+xml; charset=utf-8',
      'content-length': String(body.length),
      etag,
    });
    res.end(body);
  });
  return Object.assign(host, server, {
    files,
    behaviours,
    dropRate: 0,
    dropped: () => dropped,
    hits: (path: string) => hitCounts.get(path) ?? 0,
    urlOf: (path: string) => `${server.url}${path}`,
  });
}
