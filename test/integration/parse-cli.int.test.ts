/**
 * `beatwatch parse` end to end: the built command on a handful of corpus files (the NDJSON
 * contract of PRODUCT.md), and feed sources over a local HTTP server through the real fetcher.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParse } from '../../src/commands/parse.js';
import { createFeedFetcher, type FeedFetcher } from '../../src/feeds/fetch/index.js';
import { readFeedSource } from '../../src/feeds/source.js';
import { CORPORA } from '../helpers/corpora.js';
import { serveFiles, startTestServer, type TestServer } from '../helpers/http-server.js';

const run = promisify(execFile);
const ROOT = process.cwd();

const BIN = join(ROOT, 'bin', 'beatwatch.js');

const FILES = [
  join(CORPORA, 'rss-parser', 'test', 'input', 'guardian.rss'),
  join(CORPORA, 'rss-parser', 'test', 'input', 'heise.atom'),
  join(CORPORA, 'feedparser', 'tests', 'json', 'example.json'),
  join(CORPORA, 'feedparser', 'tests', 'does-not-exist.xml'),
  join(CORPORA, 'feedparser', 'LICENSE'),
  join(CORPORA, 'feedparser', 'tests', 'entities', 'aacute.xml'),
];

describe('beatwatch parse (the built command)', () => {
  beforeAll(async () => {
    // The bin runs dist/; CI builds it on install, a fresh checkout may not have it yet.
    if (!existsSync(join(ROOT, 'dist', 'commands', 'parse.js'))) {
      await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT });
    }
  });

  it('prints one JSON line per input, in order, and exits 0 when every input was reported', async () => {
    const { stdout } = await run('node', [BIN, 'parse', '--json', ...FILES], { cwd: ROOT });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.source)).toEqual(FILES);
    expect(lines.map((l) => l.ok)).toEqual([true, true, true, false, false, true]);

    const guardian = lines[0];
    expect(guardian.feed).toMatchObject({ title: 'The Guardian', link: 'https://www.theguardian.com/us' });
    expect(guardian.items).toHaveLength(55);
    expect(Object.keys(guardian.items[0])).toEqual(
      expect.arrayContaining(['id', 'title', 'link', 'published', 'author', 'summary']),
    );
    expect(guardian.items[0].summary).not.toMatch(/<[a-z]/i);

    expect(lines[2].items.map((i: { id: string }) => i.id)).toEqual(['2', '1']);
    expect(lines[2].items[1].summary).toBe('Hello, world!');
    expect(lines[3].error).toMatch(/no such file/);
    expect(lines[4].error).toMatch(/FEED_NOT_A_FEED/);
    expect(lines[5].feed.title).toBe('testing \u00e1 entity');
  });

  it('prints a readable report without --json', async () => {
    const { stdout } = await run('node', [BIN, 'parse', FILES[1]!, FILES[3]!], { cwd: ROOT });
    expect(stdout).toContain('heise developer neueste Meldungen — atom, 15 items');
    expect(stdout).toMatch(/2016-02-01 {2}Java-Anwendungsserver/);
    expect(stdout).toMatch(/error: cannot read file: no such file/);
  });

  it('refuses a private address under the default configuration and still exits 0', async () => {
    const server = await startTestServer(serveFiles({ '/feed.xml': { body: '<rss><channel/></rss>' } }));
    try {
      const { stdout } = await run('node', [BIN, 'parse', '--json', `${server.url}/feed.xml`], {
        cwd: ROOT,
        env: { ...process.env, BEATWATCH_CONFIG: 'config/default.yaml' },
      });
      const line = JSON.parse(stdout.trim());
      expect(line.ok).toBe(false);
      expect(line.error).toMatch(/blocked-address/);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe('feed sources over HTTP', () => {
  let server: TestServer;
  let fetcher: FeedFetcher;
  const latin1Feed = iconv.encode(
    '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Régimen</title>' +
      '<link>/</link><item><title>“Traslados” al CECOT</title><link>/nota/1</link></item></channel></rss>',
    'windows-1252',
  );

  beforeAll(async () => {
    server = await startTestServer(
      serveFiles({
        '/latin1.xml': {
          body: latin1Feed,
          headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
        },
        '/moved': { status: 301, body: '', headers: { location: '/latin1.xml' } },
        '/page.html': {
          body: '<!doctype html><html><body>hi</body></html>',
          headers: { 'content-type': 'text/html' },
        },
      }),
    );
    fetcher = createFeedFetcher({ allowPrivateNetworks: true, totalTimeoutMs: 5000 });
  });

  afterAll(async () => {
    await fetcher.close();
    await server.close();
  });

  it('parses a fetched feed with the wrong header charset and links relative to the final URL', async () => {
    const r = await readFeedSource(`${server.url}/moved`, { fetcher });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feed.title).toBe('Régimen');
    expect(r.feed.link).toBe(`${server.url}/`);
    expect(r.feed.items[0]).toMatchObject({ title: '“Traslados” al CECOT', link: `${server.url}/nota/1` });
  });

  it('reports HTTP errors and non-feeds as ok:false with a message', async () => {
    const missing = await readFeedSource(`${server.url}/nope.xml`, { fetcher });
    expect(missing).toMatchObject({ ok: false, error: expect.stringMatching(/404/) });
    const page = await readFeedSource(`${server.url}/page.html`, { fetcher });
    expect(page).toMatchObject({ ok: false, error: expect.stringMatching(/FEED_NOT_A_FEED/) });
    const noFetcher = await readFeedSource(`${server.url}/latin1.xml`, {});
    expect(noFetcher).toMatchObject({ ok: false, error: expect.stringMatching(/fetcher/) });
  });

  it('reports directories and devices instead of reading them', async () => {
    expect(await readFeedSource(CORPORA, {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/directory/),
    });
    expect(await readFeedSource('/dev/zero', {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a regular file/),
    });
  });

  it('still parses the files when the configuration for URLs cannot be loaded', async () => {
    let out = '';
    await runParse(
      [`${server.url}/latin1.xml`, FILES[1]!],
      { json: true, config: '/nonexistent/beatwatch.yaml' },
      (s) => {
        out += s;
      },
    );
    const [url, file] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(url).toMatchObject({ ok: false, error: expect.stringMatching(/^cannot fetch URLs: /) });
    expect(file.ok).toBe(true);
  });

  it('runs many sources in order in-process', async () => {
    const sources = Array.from({ length: 30 }, (_, i) => (i % 2 ? FILES[1]! : FILES[3]!));
    let out = '';
    await runParse(sources, { json: true }, (s) => {
      out += s;
    });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(30);
    expect(lines.map((l) => l.ok)).toEqual(sources.map((_, i) => i % 2 === 1));
  });
});
