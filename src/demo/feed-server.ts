/**
 * A local HTTP server for the sample feeds (`seeds/sample-feeds/`): it serves one round at a time
 * under `/feeds/<file>`, with every date shifted to "now", an ETag per body and `304 Not
 * Modified` answers, so the real fetcher runs exactly as it would against a news site.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { shiftFeedDates, shiftToNow } from './feed-dates.js';

const manifestSchema = z.object({
  anchor: z.string(),
  feeds: z
    .array(
      z.object({
        file: z
          .string()
          .regex(
            /^[a-z0-9-]+\.(xml|atom|json)$/,
            'feed files are lower-case names ending .xml, .atom or .json',
          ),
        name: z.string().min(1),
        format: z.enum(['rss', 'atom', 'json']),
        language: z.string(),
      }),
    )
    .min(1),
});
export type SampleManifest = z.infer<typeof manifestSchema>;

const CONTENT_TYPES: Record<SampleManifest['feeds'][number]['format'], string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** Reads and checks `manifest.json` of a sample-feeds directory. */
export function readSampleManifest(dir: string): SampleManifest {
  return manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
}

export interface SampleFeedServerOptions {
  /** The sample-feeds directory (with `manifest.json`, `round-1/`, `round-2/`…). */
  dir: string;
  /** "Now" for the date shift; default the clock. */
  nowMs?: number;
  /** Round served first; default 1. */
  round?: number;
}

export interface SampleFeedServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The feeds, with the URL each is served at. */
  feeds: Array<{ url: string; name: string; file: string }>;
  /** The round being served. */
  readonly round: number;
  /** Switches every feed to another round's files (read and shifted at once). */
  setRound(round: number): void;
  /** Requests answered so far, by status code. */
  readonly served: Record<number, number>;
  close(): Promise<void>;
}

interface Body {
  bytes: Buffer;
  etag: string;
  contentType: string;
}

/** Starts the server on 127.0.0.1 on a free port. */
export async function startSampleFeedServer(options: SampleFeedServerOptions): Promise<SampleFeedServer> {
  const manifest = readSampleManifest(options.dir);
  const shiftMs = shiftToNow(manifest.anchor, options.nowMs ?? Date.now());
  let round = options.round ?? 1;
  let bodies = new Map<string, Body>();
  const served: Record<number, number> = {};

  const load = (n: number): Map<string, Body> => {
    const out = new Map<string, Body>();
    for (const feed of manifest.feeds) {
      const text = readFileSync(join(options.dir, `round-${n}`, feed.file), 'utf8');
      const bytes = Buffer.from(shiftFeedDates(text, shiftMs), 'utf8');
      const etag = `"${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}"`;
      out.set(`/feeds/${feed.file}`, { bytes, etag, contentType: CONTENT_TYPES[feed.format] });
    }
    return out;
  };
  bodies = load(round);

  const count = (status: number) => {
    served[status] = (served[status] ?? 0) + 1;
  };
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = bodies.get(path);
    if (!body || (req.method !== 'GET' && req.method !== 'HEAD')) {
      count(404);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.headers['if-none-match'] === body.etag) {
      count(304);
      res.writeHead(304, { etag: body.etag }).end();
      return;
    }
    count(200);
    res.writeHead(200, {
      'content-type': body.contentType,
      'content-length': String(body.bytes.length),
      etag: body.etag,
    });
    res.end(req.method === 'HEAD' ? undefined : body.bytes);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    feeds: manifest.feeds.map((f) => ({ url: `${url}/feeds/${f.file}`, name: f.name, file: f.file })),
    get round() {
      return round;
    },
    setRound(n: number) {
      bodies = load(n);
      round = n;
    },
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
