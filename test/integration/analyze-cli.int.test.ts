/**
 * `beatwatch analyze` run in-process over real feed files (the corpora in test/fixtures) and over
 * a local HTTP server: it must analyse every readable input and report the rest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/commands/analyze.js';
import { loadConfig } from '../../src/config/load.js';
import { DEFAULT_CLUSTER_MODEL } from '../../src/dedupe/cluster-model.js';
import { CORPORA, filesUnder } from '../helpers/corpora.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

const RSS_PARSER = join(CORPORA, 'rss-parser', 'test', 'input');
const FEEDPARSER = join(CORPORA, 'feedparser', 'tests');

async function analyze(sources: string[], opts: { json?: boolean; topic?: string } = { json: true }) {
  let out = '';
  let err = '';
  const code = await runAnalyze(sources, opts, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    loadConfig: () => loadConfig({ path: 'config/default.yaml', env: {} }),
  });
  return { code, out, err };
}

const ITEM_KEYS = [
  'claims',
  'cluster',
  'duplicateOf',
  'factChanges',
  'id',
  'joinedBecause',
  'link',
  'matched',
  'published',
  'relevant',
  'score',
  'summary',
  'title',
];

interface JsonItem {
  id: string;
  published: string | null;
  duplicateOf: string | null;
  cluster: string;
  summary: string;
}

function checkDocument(out: string): JsonItem[] {
  const doc = JSON.parse(out) as { topic: string; items: JsonItem[] };
  expect(doc.topic).toBe('cecot');
  const dated = doc.items.filter((i) => i.published).map((i) => Date.parse(i.published!));
  expect(dated).toEqual([...dated].sort((a, b) => a - b));
  for (const item of doc.items) {
    expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
    expect(typeof item.cluster).toBe('string');
    expect(item.summary.length).toBeLessThanOrEqual(280);
  }
  return doc.items;
}

describe('beatwatch analyze over the peer corpora', () => {
  it('analyses every rss-parser input', async () => {
    const sources = filesUnder(RSS_PARSER);
    expect(sources.length).toBeGreaterThan(20);
    const { code, out } = await analyze(sources);
    expect(code).toBe(0);
    const items = checkDocument(out);
    expect(items.length).toBeGreaterThan(200);
  });

  it('analyses a sample of feedparser files (well-formed and ill-formed), reporting the unreadable ones', async () => {
    const sample = filesUnder(FEEDPARSER).filter((_, i) => i % 7 === 0);
    expect(sample.length).toBeGreaterThan(250);
    const { code, out, err } = await analyze(sample);
    expect(code).toBe(0);
    checkDocument(out);
    for (const line of err.split('\n').filter(Boolean)) expect(line).toMatch(/^beatwatch analyze: \S/);
  });

  it('prints a readable table without --json', async () => {
    const { code, out } = await analyze([join(RSS_PARSER, 'guardian.rss')], {});
    expect(code).toBe(0);
    expect(out).toMatch(/items? from 1 source/);
    expect(out).toContain('Trump-Russia investigation');
  });
});

describe('beatwatch analyze explains its clusters', () => {
  const DEVSET = 'test/fixtures/devset/feeds';
  const feeds = ['hemisphere-press.xml', 'agencia-istmo.xml'].map((f) => join(DEVSET, f));

  it('says in the JSON why a story joined an earlier one, and nothing for the others', async () => {
    const items = checkDocument((await analyze(feeds)).out) as Array<
      JsonItem & {
        joinedBecause: {
          item: string;
          probability: number;
          support: { reports: number; probability: number };
          evidence: string[];
        } | null;
      }
    >;
    const joined = items.filter((i) => i.joinedBecause !== null);
    expect(joined.length).toBeGreaterThan(0);
    const ids = new Set(items.map((i) => i.id));
    for (const item of joined) {
      expect(ids.has(item.joinedBecause!.item)).toBe(true);
      const { threshold } = DEFAULT_CLUSTER_MODEL;
      expect(item.joinedBecause!.probability).toBeGreaterThanOrEqual(threshold);
      expect(item.joinedBecause!.support.reports).toBeGreaterThan(0);
      expect(item.joinedBecause!.support.probability).toBeGreaterThanOrEqual(threshold);
      expect(item.joinedBecause!.evidence.length).toBeGreaterThan(0);
      expect(items.find((i) => i.id === item.joinedBecause!.item)?.cluster).toBe(item.cluster);
    }
    expect(items.filter((i) => i.duplicateOf !== null).every((i) => i.joinedBecause === null)).toBe(true);
  });

  it('prints why in the table, under the story that joined', async () => {
    const { out } = await analyze(feeds, {});
    expect(out).toMatch(/\n {12}joined \S+ \(p [01]\.\d\d\): .+[+-]\d/);
  });
});

describe('beatwatch analyze inputs', () => {
  let server: TestServer;
  const feed = readFileSync(join(RSS_PARSER, 'heise.atom'));
  beforeAll(async () => {
    server = await startTestServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'content-type': 'application/atom+xml' });
        res.end(feed);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads URLs through the fetcher and reports the ones that fail, analysing the rest', async () => {
    let out = '';
    let err = '';
    const code = await runAnalyze(
      [`${server.url}/feed`, `${server.url}/missing`, '/nonexistent/feed.xml'],
      { json: true },
      {
        out: (s) => {
          out += s;
        },
        err: (s) => {
          err += s;
        },
        loadConfig: () => {
          const config = loadConfig({ path: 'config/default.yaml', env: {} });
          return { ...config, fetch: { ...config.fetch, allowPrivateNetworks: true } };
        },
      },
    );
    expect(code).toBe(0);
    expect(checkDocument(out).length).toBeGreaterThan(0);
    expect(err).toContain('/missing');
    expect(err).toContain('/nonexistent/feed.xml');
  });

  it('fails with exit code 1 when nothing could be read, and names an unknown topic', async () => {
    const { code, err } = await analyze(['/nonexistent/a.xml']);
    expect(code).toBe(1);
    expect(err).toContain('no such file');
    await expect(analyze([join(RSS_PARSER, 'guardian.rss')], { topic: 'nope' })).rejects.toThrow(
      /unknown topic "nope" \(known: cecot\)/,
    );
  });

  it('marks the same feed read twice as duplicates of the first reading', async () => {
    const path = join(RSS_PARSER, 'heise.atom');
    const items = checkDocument((await analyze([path, path])).out);
    const copies = items.filter((i) => i.duplicateOf !== null);
    expect(copies.length).toBe(items.length / 2);
  });
});
