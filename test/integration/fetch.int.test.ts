/**
 * The fetcher against real local HTTP servers: conditional GET, redirects, limits, timeouts,
 * compression, status handling and the SSRF guard. Timeouts are kept small so the file runs fast.
 */
import type { LookupAddress } from 'node:dns';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedFetcher, type FeedFetcher, type FetchOutcome } from '../../src/feeds/fetch/index.js';
import { serveFiles, startTestServer, type TestServer } from '../helpers/http-server.js';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>CECOT watch</title></channel></rss>';
const UA = 'beatwatch-test/1.0 (+https://example.org/beatwatch)';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** Routes shared by most tests; `{port}` in a Location is filled in when the server is up. */
function routes(portRef: { port: number }): Record<string, Route> {
  const feed = (res: ServerResponse, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...headers });
    res.end(FEED);
  };
  const r: Record<string, Route> = {
    '/feed.xml': (_req, res) => feed(res),
    '/etag.xml': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
      } else feed(res, { etag: '"v1"' });
    },
    '/modified.xml': (req, res) => {
      const lm = 'Wed, 01 Oct 2025 10:00:00 GMT';
      if (req.headers['if-modified-since'] === lm) {
        res.writeHead(304);
        res.end();
      } else feed(res, { 'last-modified': lm });
    },
    '/dir/start': (_req, res) => {
      res.writeHead(302, { location: 'target.xml' });
      res.end();
    },
    '/dir/target.xml': (_req, res) => feed(res),
    '/to-metadata': (_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    },
    '/to-private': (_req, res) => {
      res.writeHead(301, { location: 'http://10.0.0.7/feed.xml' });
      res.end();
    },
    '/to-ipv6-loopback': (_req, res) => {
      res.writeHead(307, { location: `http://[::1]:${portRef.port}/feed.xml` });
      res.end();
    },
    '/to-file': (_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    },
    '/private.xml': (req, res) => {
      if (req.headers.authorization === `Basic ${Buffer.from('reader:s3cret').toString('base64')}`) feed(res);
      else {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="feeds"' });
        res.end();
      }
    },
    '/private-elsewhere': (_req, res) => {
      res.writeHead(302, { location: `http://localhost:${portRef.port}/feed.xml` });
      res.end();
    },
    '/hang': () => {
      // Never answers: the headers never come.
    },
    '/trickle': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    },
    '/big-declared': (_req, res) => {
      res.writeHead(200, { 'content-length': '4000' });
      res.end('x'.repeat(4000));
    },
    '/big-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      for (let i = 0; i < 8; i++) res.write('y'.repeat(500));
      res.end();
    },
    '/rate-limited-seconds': (_req, res) => {
      res.writeHead(429, { 'retry-after': '120' });
      res.end('slow down');
    },
    '/rate-limited-date': (_req, res) => {
      res.writeHead(429, { 'retry-after': 'Thu, 01 Jan 2026 00:02:00 GMT' });
      res.end('slow down');
    },
    '/unavailable': (_req, res) => {
      res.writeHead(503);
      res.end('maintenance');
    },
    '/unavailable-garbage': (_req, res) => {
      res.writeHead(503, { 'retry-after': 'soon-ish' });
      res.end();
    },
    '/gone': (_req, res) => {
      res.writeHead(410);
      res.end('gone');
    },
    '/broken': (_req, res) => {
      res.writeHead(500);
      res.end('oops');
    },
    '/missing': (_req, res) => {
      res.writeHead(404);
      res.end();
    },
    '/latin1': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=ISO-8859-1' });
      res.end(
        Buffer.from('<rss><channel><title>Bukele: régimen de excepción</title></channel></rss>', 'latin1'),
      );
    },
    '/bad-gzip': (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end('this is not gzip at all, not even close');
    },
    '/compress': (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'compress' });
      res.end('x');
    },
  };
  // A redirect chain: /chain/N redirects to /chain/N-1 … /chain/0 is the feed.
  for (let n = 0; n <= 8; n++) {
    r[`/chain/${n}`] = (_req, res) => {
      if (n === 0) return feed(res);
      res.writeHead(n % 2 === 0 ? 301 : 302, { location: `/chain/${n - 1}` });
      res.end();
    };
  }
  return r;
}

let server: TestServer;
let open: FeedFetcher;
const port = { port: 0 };

beforeAll(async () => {
  const table = routes(port);
  server = await startTestServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = table[path];
    if (route) route(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  port.port = server.port;
  open = createFeedFetcher({
    userAgent: UA,
    allowPrivateNetworks: true,
    connectTimeoutMs: 1000,
    totalTimeoutMs: 3000,
    maxBodyBytes: 3000,
  });
});

afterAll(async () => {
  await open?.close();
  await server?.close();
});

function expectFailed(outcome: FetchOutcome, code: string): Extract<FetchOutcome, { kind: 'failed' }> {
  expect(outcome).toMatchObject({ kind: 'failed', code });
  return outcome as Extract<FetchOutcome, { kind: 'failed' }>;
}

describe('fetched feeds', () => {
  it('returns the raw body, final URL, validators, and sends a clear User-Agent and a feed Accept', async () => {
    const outcome = await open.fetch({ url: `${server.url}/feed.xml` });
    expect(outcome).toMatchObject({ kind: 'fetched', status: 200, url: `${server.url}/feed.xml` });
    if (outcome.kind !== 'fetched') return;
    expect(outcome.body.toString('utf8')).toBe(FEED);
    expect(outcome.bytes).toBe(Buffer.byteLength(FEED));
    const seen = server.requests.at(-1)!;
    expect(seen.headers['user-agent']).toBe(UA);
    expect(seen.headers.accept).toMatch(/^application\/rss\+xml, application\/atom\+xml/);
    expect(seen.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(seen.headers['if-none-match']).toBeUndefined();
  });

  it('passes a Content-Type with its charset through untouched, bytes undecoded', async () => {
    const outcome = await open.fetch({ url: `${server.url}/latin1` });
    if (outcome.kind !== 'fetched') throw new Error(`expected fetched, got ${outcome.kind}`);
    expect(outcome.contentType).toBe('application/rss+xml; charset=ISO-8859-1');
    expect(outcome.body.includes(Buffer.from('régimen', 'latin1'))).toBe(true);
    expect(outcome.body.includes(Buffer.from('régimen', 'utf8'))).toBe(false);
  });
});

describe('conditional GET', () => {
  it('sends If-None-Match and reports 304 as not-modified, keeping the ETag', async () => {
    const first = await open.fetch({ url: `${server.url}/etag.xml` });
    expect(first).toMatchObject({ kind: 'fetched', etag: '"v1"' });
    const second = await open.fetch({ url: `${server.url}/etag.xml`, etag: '"v1"' });
    expect(second).toEqual({
      kind: 'not-modified',
      url: `${server.url}/etag.xml`,
      etag: '"v1"',
      lastModified: null,
    });
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe('"v1"');
  });

  it('sends If-Modified-Since and keeps the previous Last-Modified when the 304 omits it', async () => {
    const first = await open.fetch({ url: `${server.url}/modified.xml` });
    if (first.kind !== 'fetched') throw new Error(`expected fetched, got ${first.kind}`);
    expect(first.lastModified).toBe('Wed, 01 Oct 2025 10:00:00 GMT');
    const second = await open.fetch({ url: `${server.url}/modified.xml`, lastModified: first.lastModified });
    expect(second).toMatchObject({ kind: 'not-modified', lastModified: 'Wed, 01 Oct 2025 10:00:00 GMT' });
    expect(server.requests.at(-1)!.headers['if-modified-since']).toBe('Wed, 01 Oct 2025 10:00:00 GMT');
  });
});

describe('redirects', () => {
  it('follows a chain of 5 and reports the final URL', async () => {
    const outcome = await open.fetch({ url: `${server.url}/chain/5` });
    expect(outcome).toMatchObject({ kind: 'fetched', url: `${server.url}/chain/0` });
  });

  it('refuses the 6th redirect', async () => {
    const before = server.requests.length;
    const outcome = expectFailed(await open.fetch({ url: `${server.url}/chain/6` }), 'too-many-redirects');
    expect(outcome.url).toBe(`${server.url}/chain/1`);
    expect(server.requests.length - before).toBe(6);
  });

  it('resolves a relative Location against the current URL', async () => {
    const outcome = await open.fetch({ url: `${server.url}/dir/start` });
    expect(outcome).toMatchObject({ kind: 'fetched', url: `${server.url}/dir/target.xml` });
  });

  it('refuses a redirect to a non-http scheme', async () => {
    expectFailed(await open.fetch({ url: `${server.url}/to-file` }), 'bad-url');
  });
});

describe('credentials in the URL', () => {
  it('sends them as Basic auth, without the userinfo in the request line', async () => {
    const outcome = await open.fetch({ url: `http://reader:s3cret@127.0.0.1:${server.port}/private.xml` });
    expect(outcome).toMatchObject({ kind: 'fetched', status: 200, url: `${server.url}/private.xml` });
    expect(server.requests.at(-1)!.path).toBe('/private.xml');
  });

  it('does not carry them to another origin on redirect', async () => {
    const outcome = await open.fetch({
      url: `http://reader:s3cret@127.0.0.1:${server.port}/private-elsewhere`,
    });
    expect(outcome).toMatchObject({ kind: 'fetched', url: `http://localhost:${server.port}/feed.xml` });
    const [hop1, hop2] = server.requests.slice(-2);
    expect(hop1!.headers.authorization).toMatch(/^Basic /);
    expect(hop2!.headers.authorization).toBeUndefined();
  });
});

describe('size limits', () => {
  it('refuses early when Content-Length is over the cap', async () => {
    const outcome = expectFailed(await open.fetch({ url: `${server.url}/big-declared` }), 'too-large');
    expect(outcome.message).toMatch(/Content-Length 4000/);
  });

  it('stops a chunked body once it passes the cap', async () => {
    expectFailed(await open.fetch({ url: `${server.url}/big-chunked` }), 'too-large');
  });
});

describe('compression', () => {
  const text = `${FEED}${' <!-- padding -->'.repeat(50)}`;
  const raw = Buffer.from(text);
  let zipped: TestServer;
  let bombs: TestServer;

  beforeAll(async () => {
    zipped = await startTestServer(
      serveFiles({
        '/gzip': { body: gzipSync(raw), headers: { 'content-encoding': 'gzip' } },
        '/x-gzip': { body: gzipSync(raw), headers: { 'content-encoding': 'x-gzip' } },
        '/deflate-zlib': { body: deflateSync(raw), headers: { 'content-encoding': 'deflate' } },
        '/deflate-raw': { body: deflateRawSync(raw), headers: { 'content-encoding': 'deflate' } },
        '/br': { body: brotliCompressSync(raw), headers: { 'content-encoding': 'br' } },
        '/empty-gzip': { body: '', headers: { 'content-encoding': 'gzip' } },
      }),
    );
    // 32 MB of zeros shrinks to about 32 KB: small on the wire, far over the decompressed cap.
    const zeros = Buffer.alloc(32 * 1024 * 1024);
    bombs = await startTestServer(
      serveFiles({
        '/gzip-bomb': { body: gzipSync(zeros), headers: { 'content-encoding': 'gzip' } },
        // Quality 1 keeps building the bomb quick; it is still tiny next to what it expands to.
        '/br-bomb': {
          body: brotliCompressSync(zeros, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }),
          headers: { 'content-encoding': 'br' },
        },
      }),
    );
  });

  afterAll(async () => {
    await zipped?.close();
    await bombs?.close();
  });

  it.each(['/gzip', '/x-gzip', '/deflate-zlib', '/deflate-raw', '/br'])('decodes %s', async (path) => {
    const outcome = await open.fetch({ url: `${zipped.url}${path}` });
    if (outcome.kind !== 'fetched') throw new Error(`expected fetched, got ${JSON.stringify(outcome)}`);
    expect(outcome.body.toString('utf8')).toBe(text);
    expect(outcome.bytes).toBe(raw.length);
  });

  it('treats an empty compressed body as empty', async () => {
    const outcome = await open.fetch({ url: `${zipped.url}/empty-gzip` });
    expect(outcome).toMatchObject({ kind: 'fetched', bytes: 0 });
  });

  it.each(['/gzip-bomb', '/br-bomb'])('stops %s at the decompressed cap', async (path) => {
    const fetcher = createFeedFetcher({
      allowPrivateNetworks: true,
      totalTimeoutMs: 5000,
      maxBodyBytes: 1024 * 1024,
      maxDecompressedBytes: 1024 * 1024,
    });
    try {
      const outcome = expectFailed(await fetcher.fetch({ url: `${bombs.url}${path}` }), 'too-large');
      expect(outcome.message).toMatch(/decompressed/);
    } finally {
      await fetcher.close();
    }
  });

  it('reports corrupt compressed data as decode, and an unknown coding too', async () => {
    expectFailed(await open.fetch({ url: `${server.url}/bad-gzip` }), 'decode');
    expectFailed(await open.fetch({ url: `${server.url}/compress` }), 'decode');
  });
});

describe('timeouts', () => {
  let quick: FeedFetcher;
  beforeAll(() => {
    quick = createFeedFetcher({ allowPrivateNetworks: true, connectTimeoutMs: 200, totalTimeoutMs: 300 });
  });
  afterAll(() => quick.close());

  it('ends a server that never sends headers in timeout', async () => {
    expectFailed(await quick.fetch({ url: `${server.url}/hang` }), 'timeout');
  });

  it('ends a body that trickles forever in timeout', async () => {
    expectFailed(await quick.fetch({ url: `${server.url}/trickle` }), 'timeout');
  });

  it('applies the connect timeout to a connection (here a TLS handshake) that never completes', async () => {
    // Accepts TCP and then says nothing, so the TLS handshake never finishes.
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port: silentPort } = silent.address() as AddressInfo;
    const fetcher = createFeedFetcher({
      allowPrivateNetworks: true,
      connectTimeoutMs: 100,
      totalTimeoutMs: 5000,
    });
    try {
      const outcome = expectFailed(
        await fetcher.fetch({ url: `https://127.0.0.1:${silentPort}/` }),
        'timeout',
      );
      expect(outcome.message).toMatch(/connect/i);
    } finally {
      await fetcher.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('ends a fetch the caller cancels', async () => {
    const controller = new AbortController();
    const pending = open.fetch({ url: `${server.url}/hang`, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const outcome = expectFailed(await pending, 'timeout');
    expect(outcome.message).toMatch(/cancelled/);
  });
});

describe('status codes', () => {
  it('429 with Retry-After in seconds is retry-later', async () => {
    expect(await open.fetch({ url: `${server.url}/rate-limited-seconds` })).toEqual({
      kind: 'retry-later',
      url: `${server.url}/rate-limited-seconds`,
      status: 429,
      retryAfterMs: 120_000,
    });
  });

  it('429 with Retry-After as a date is measured from now', async () => {
    const fetcher = createFeedFetcher(
      { allowPrivateNetworks: true },
      { now: () => Date.parse('2026-01-01T00:00:00Z') },
    );
    try {
      const outcome = await fetcher.fetch({ url: `${server.url}/rate-limited-date` });
      expect(outcome).toMatchObject({ kind: 'retry-later', status: 429, retryAfterMs: 120_000 });
    } finally {
      await fetcher.close();
    }
  });

  it('503 is retry-later, with no delay when Retry-After is absent or garbage', async () => {
    expect(await open.fetch({ url: `${server.url}/unavailable` })).toMatchObject({
      kind: 'retry-later',
      status: 503,
      retryAfterMs: null,
    });
    expect(await open.fetch({ url: `${server.url}/unavailable-garbage` })).toMatchObject({
      kind: 'retry-later',
      retryAfterMs: null,
    });
  });

  it('410 is gone', async () => {
    expect(await open.fetch({ url: `${server.url}/gone` })).toEqual({
      kind: 'gone',
      url: `${server.url}/gone`,
      status: 410,
    });
  });

  it('500 and 404 are http-status failures carrying the status', async () => {
    expect(await open.fetch({ url: `${server.url}/broken` })).toMatchObject({
      kind: 'failed',
      code: 'http-status',
      status: 500,
    });
    expect(await open.fetch({ url: `${server.url}/missing` })).toMatchObject({
      code: 'http-status',
      status: 404,
    });
  });
});

describe('bad URLs and network errors', () => {
  it.each(['file:///etc/passwd', 'ftp://example.org/feed.xml', 'data:text/plain,hi', 'not a url', ''])(
    'refuses %j as bad-url',
    async (url) => {
      expectFailed(await open.fetch({ url }), 'bad-url');
    },
  );

  it('reports a refused connection as connect', async () => {
    const gone = await startTestServer(() => {});
    const url = `${gone.url}/feed.xml`;
    await gone.close();
    expectFailed(await open.fetch({ url }), 'connect');
  });

  it('reports a failed TLS handshake as tls', async () => {
    // Speaking TLS to a plain-HTTP port fails in the handshake, no certificate needed.
    expectFailed(await open.fetch({ url: `https://127.0.0.1:${server.port}/feed.xml` }), 'tls');
  });

  it('reports a name that does not resolve as dns', async () => {
    const fetcher = createFeedFetcher(
      { allowPrivateNetworks: true },
      {
        resolver: async () => {
          throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
        },
      },
    );
    try {
      expectFailed(await fetcher.fetch({ url: 'http://no-such-host.invalid/feed.xml' }), 'dns');
    } finally {
      await fetcher.close();
    }
  });
});

describe('SSRF guard', () => {
  it('refuses localhost and 127.0.0.1 when private networks are not allowed, before connecting', async () => {
    const guarded = createFeedFetcher({ allowPrivateNetworks: false });
    try {
      const before = server.requests.length;
      const byName = expectFailed(
        await guarded.fetch({ url: `http://localhost:${server.port}/feed.xml` }),
        'blocked-address',
      );
      expect(byName.message).toMatch(/localhost resolves to/);
      expectFailed(await guarded.fetch({ url: `${server.url}/feed.xml` }), 'blocked-address');
      expectFailed(await guarded.fetch({ url: `http://[::1]:${server.port}/feed.xml` }), 'blocked-address');
      // The WHATWG parser turns these spellings into 127.0.0.1 before the guard sees them.
      expectFailed(await guarded.fetch({ url: `http://2130706433:${server.port}/` }), 'blocked-address');
      expectFailed(await guarded.fetch({ url: `http://0x7f.1:${server.port}/` }), 'blocked-address');
      expect(server.requests.length).toBe(before);
    } finally {
      await guarded.close();
    }
  });

  it('allows localhost when private networks are allowed', async () => {
    const outcome = await open.fetch({ url: `http://localhost:${server.port}/feed.xml` });
    expect(outcome).toMatchObject({ kind: 'fetched', status: 200 });
  });

  describe('with only the test server exempted', () => {
    let resolved: string[];
    let answers: Record<string, LookupAddress[][]>;
    let guarded: FeedFetcher;

    beforeAll(() => {
      resolved = [];
      answers = {};
      guarded = createFeedFetcher(
        { allowPrivateNetworks: false },
        {
          allowAddresses: ['127.0.0.1'],
          // A scripted DNS: each lookup of a name takes the next answer in its list.
          resolver: async (hostname) => {
            resolved.push(hostname);
            const next = answers[hostname]?.shift();
            if (!next) throw Object.assign(new Error(`no answer for ${hostname}`), { code: 'ENOTFOUND' });
            return next;
          },
        },
      );
    });
    afterAll(() => guarded.close());

    it('fetches from the exempted address', async () => {
      expect(await guarded.fetch({ url: `${server.url}/feed.xml` })).toMatchObject({ kind: 'fetched' });
    });

    it.each(['/to-metadata', '/to-private', '/to-ipv6-loopback'])(
      'refuses the redirect of %s',
      async (path) => {
        const before = server.requests.length;
        const outcome = expectFailed(await guarded.fetch({ url: `${server.url}${path}` }), 'blocked-address');
        expect(outcome.url).not.toBe(`${server.url}${path}`);
        expect(server.requests.length - before).toBe(1);
      },
    );

    it('refuses a name when ANY of its addresses is private', async () => {
      answers['mixed.example.test'] = [
        [
          { address: '127.0.0.1', family: 4 },
          { address: '10.1.2.3', family: 4 },
        ],
      ];
      const outcome = expectFailed(
        await guarded.fetch({ url: `http://mixed.example.test:${server.port}/feed.xml` }),
        'blocked-address',
      );
      expect(outcome.message).toMatch(/10\.1\.2\.3/);
    });

    it('connects to the address it checked, even if DNS answers differently a moment later', async () => {
      resolved.length = 0;
      answers['rebind.example.test'] = [
        [{ address: '127.0.0.1', family: 4 }],
        [{ address: '169.254.169.254', family: 4 }],
      ];
      const outcome = await guarded.fetch({ url: `http://rebind.example.test:${server.port}/feed.xml` });
      expect(outcome).toMatchObject({ kind: 'fetched', status: 200 });
      expect(resolved).toEqual(['rebind.example.test']);
      expect(server.requests.at(-1)!.headers.host).toBe(`rebind.example.test:${server.port}`);
    });
  });
});
