/**
 * Compares our feed parser with rss-parser and feedsmith, each used as it comes (default options,
 * the file read as UTF-8 text, the fields each library documents mapped onto the `parse --json`
 * shape without any clean-up of ours). See docs/decisions/002-feed-parser.md for the figures.
 *
 *   npx tsx bench/parsers.ts <beatwatch|rss-parser|feedsmith> FILE...
 *       prints one `parse --json` line per file, so the conformance tool can score any of them:
 *       python3 ../shared/tools/feedparser_conformance.py test/fixtures/corpora/feedparser/tests -- \
 *         npx tsx bench/parsers.ts rss-parser
 *   npx tsx bench/parsers.ts --corpora
 *       for each parser, over every file of the vendored corpora (`test/fixtures/corpora`): how
 *       many parse, whether rss-parser's real feeds give the item counts its own expectations
 *       record (`rss-parser/expected-item-counts.json`), and the wall time.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseFeed as feedsmithParse } from 'feedsmith';
import RssParser from 'rss-parser';
import { parseFeed } from '../src/feeds/parse/index.js';
import { CORPORA, filesUnder } from '../test/helpers/corpora.js';

interface Line {
  source: string;
  ok: boolean;
  error?: string;
  feed: { title: string | null; link: string | null } | null;
  items: { id: string | null; title: string | null; link: string | null; summary: string | null }[];
}

type ParserName = 'beatwatch' | 'rss-parser' | 'feedsmith';

/** Reads `o.a.b…` from an unknown value; strings and `{ value }` objects come back as strings. */
function pick(o: unknown, ...path: (string | number)[]): string | null {
  let v: unknown = o;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string | number, unknown>)[k];
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && 'value' in v) return pick(v, 'value');
  return null;
}

function list(o: unknown, key: string): unknown[] {
  const v = o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;
  return Array.isArray(v) ? v : [];
}

/** feedsmith's Atom links: the alternate (or rel-less) href. */
function atomLink(o: unknown): string | null {
  const links = list(o, 'links');
  const alt = links.find((l) => {
    const rel = pick(l, 'rel');
    return rel === null || rel === 'alternate';
  });
  return alt ? pick(alt, 'href') : null;
}

const rssParser = new RssParser();

/** rss-parser's promise never settles on some inputs (its callback is never called): give up. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function withRssParser(path: string): Promise<Line> {
  const feed = await withTimeout(rssParser.parseString(readFileSync(path, 'utf8')), 2000);
  return {
    source: path,
    ok: true,
    feed: { title: feed.title ?? null, link: feed.link ?? null },
    items: feed.items.map((i) => ({
      id: pick(i, 'guid') ?? pick(i, 'id'),
      title: i.title ?? null,
      link: i.link ?? null,
      summary: pick(i, 'summary') ?? i.content ?? null,
    })),
  };
}

function withFeedsmith(path: string): Line {
  const { format, feed } = feedsmithParse(readFileSync(path, 'utf8'));
  if (format === 'atom') {
    return {
      source: path,
      ok: true,
      feed: { title: pick(feed, 'title'), link: atomLink(feed) },
      items: list(feed, 'entries').map((e) => ({
        id: pick(e, 'id'),
        title: pick(e, 'title'),
        link: atomLink(e),
        summary: pick(e, 'summary') ?? pick(e, 'content'),
      })),
    };
  }
  if (format === 'json') {
    return {
      source: path,
      ok: true,
      feed: { title: pick(feed, 'title'), link: pick(feed, 'home_page_url') },
      items: list(feed, 'items').map((i) => ({
        id: pick(i, 'id'),
        title: pick(i, 'title'),
        link: pick(i, 'url'),
        summary: pick(i, 'summary') ?? pick(i, 'content_html') ?? pick(i, 'content_text'),
      })),
    };
  }
  return {
    source: path,
    ok: true,
    feed: { title: pick(feed, 'title'), link: pick(feed, 'link') },
    items: list(feed, 'items').map((i) => ({
      id: pick(i, 'guid') ?? pick(i, 'rdf', 'about'),
      title: pick(i, 'title'),
      link: pick(i, 'link'),
      summary: pick(i, 'description'),
    })),
  };
}

function withBeatwatch(path: string): Line {
  const feed = parseFeed(readFileSync(path));
  return {
    source: path,
    ok: true,
    feed: { title: feed.title, link: feed.link },
    items: feed.items.map((i) => ({ id: i.id, title: i.title, link: i.link, summary: i.summary })),
  };
}

async function parseWith(name: ParserName, path: string): Promise<Line> {
  try {
    if (name === 'rss-parser') return await withRssParser(path);
    if (name === 'feedsmith') return withFeedsmith(path);
    return withBeatwatch(path);
  } catch (err) {
    return { source: path, ok: false, error: (err as Error).message ?? String(err), feed: null, items: [] };
  }
}

/** Item counts rss-parser's own test expectations record for its real-world inputs, by path. */
function expectedCounts(): Map<string, number> {
  const root = join(CORPORA, 'rss-parser');
  const counts = JSON.parse(readFileSync(join(root, 'expected-item-counts.json'), 'utf8')) as Record<
    string,
    number
  >;
  const out = new Map<string, number>();
  for (const input of filesUnder(join(root, 'test', 'input'))) {
    const want = counts[basename(input)];
    if (want !== undefined) out.set(input, want);
  }
  return out;
}

async function corpora(): Promise<void> {
  const files = [
    ...filesUnder(join(CORPORA, 'feedparser', 'tests')),
    ...filesUnder(join(CORPORA, 'rss-parser', 'test', 'input')),
  ];
  const counts = expectedCounts();
  const rows: string[] = [];
  for (const name of ['beatwatch', 'rss-parser', 'feedsmith'] as const) {
    const started = process.hrtime.bigint();
    let ok = 0;
    let countsRight = 0;
    let hung = 0;
    for (const path of files) {
      const line = await parseWith(name, path);
      if (line.ok) ok++;
      else if (line.error?.startsWith('no answer')) hung++;
      const want = counts.get(path);
      if (want !== undefined && line.ok && line.items.length === want) countsRight++;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    rows.push(
      `${name.padEnd(10)}  parsed ${ok}/${files.length} files (${hung} never answered)  ` +
        `rss-parser item counts ${countsRight}/${counts.size}  ${ms.toFixed(0)} ms`,
    );
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

async function main(): Promise<void> {
  const [first, ...rest] = process.argv.slice(2);
  if (first === '--corpora') return corpora();
  if (first !== 'beatwatch' && first !== 'rss-parser' && first !== 'feedsmith') {
    process.stderr.write('usage: bench/parsers.ts <beatwatch|rss-parser|feedsmith> FILE... | --corpora\n');
    process.exitCode = 2;
    return;
  }
  for (const path of rest) process.stdout.write(`${JSON.stringify(await parseWith(first, path))}\n`);
}

await main();
