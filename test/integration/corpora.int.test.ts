/**
 * The parser over every file of the vendored corpora (test/fixtures/corpora): each gives a feed
 * or a FeedParseError, never a crash; rss-parser's real feeds give the item counts its own test
 * expectations record; and feedparser's simple expectations agree at least 97% of the time.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeHTML } from 'entities';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from '../../src/feeds/parse/index.js';
import type { ParsedFeed } from '../../src/feeds/types.js';
import { CORPORA, filesUnder } from '../helpers/corpora.js';

const RSS_PARSER = join(CORPORA, 'rss-parser', 'test');
const FEEDPARSER = join(CORPORA, 'feedparser', 'tests');
/** rss-parser's item count per input (from its expected outputs; see the corpora's README). */
const EXPECTED_COUNTS = join(CORPORA, 'rss-parser', 'expected-item-counts.json');

type Outcome = { ok: true; feed: ParsedFeed } | { ok: false; code: string };

function parseFile(path: string): Outcome {
  try {
    return { ok: true, feed: parseFeed(readFileSync(path)) };
  } catch (err) {
    // Anything but a FeedParseError is a crash: let it fail the test with its stack.
    if (err instanceof FeedParseError) return { ok: false, code: err.code };
    throw new Error(`${path}: ${String(err)}`, { cause: err });
  }
}

describe('every corpus file', () => {
  const files = filesUnder(CORPORA);

  it('is found (the corpora are in place)', () => {
    expect(files.length).toBeGreaterThan(2000);
  });

  it('gives a feed with well-formed items or a FeedParseError', () => {
    let feeds = 0;
    for (const path of files) {
      const r = parseFile(path);
      if (!r.ok) continue;
      feeds++;
      for (const item of r.feed.items) {
        expect(typeof item.id).toBe('string');
        expect(item.id.length).toBeGreaterThan(0);
        expect(item.published === null || !Number.isNaN(Date.parse(item.published))).toBe(true);
      }
    }
    expect(feeds).toBeGreaterThan(2000);
  });

  it('refuses the files that are not feeds (licences, READMEs, JSON that is not JSON Feed)', () => {
    for (const path of [
      join(CORPORA, 'feedparser', 'LICENSE'),
      join(CORPORA, 'README.md'),
      EXPECTED_COUNTS,
    ]) {
      expect(parseFile(path)).toEqual({ ok: false, code: 'FEED_NOT_A_FEED' });
    }
  });
});

describe("rss-parser's real feeds", () => {
  const inputs = filesUnder(join(RSS_PARSER, 'input'));
  const expectedCounts = JSON.parse(readFileSync(EXPECTED_COUNTS, 'utf8')) as Record<string, number>;

  it.each(inputs.map((p) => [basename(p), p]))('%s parses with the expected item count', (name, path) => {
    const r = parseFile(path);
    if (name === 'unrecognized.rss') {
      // An HTML-ish document rss-parser also refuses.
      expect(r).toEqual({ ok: false, code: 'FEED_NOT_A_FEED' });
      return;
    }
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const expected = expectedCounts[name];
    if (expected !== undefined) expect(r.feed.items).toHaveLength(expected);
    else expect(r.feed.items.length).toBeGreaterThan(0);
    // Two fixtures are about entries with missing fields; every other entry says something.
    if (!/missing|incomplete/.test(name)) {
      for (const item of r.feed.items) expect(item.title + item.summary + (item.link ?? '')).not.toBe('');
    }
  });
});

// --- feedparser expectations, compared like tools/feedparser_conformance.py -------------------

const EXPECT_RE =
  /^(?:not bozo and )?(entries\[0\]\['(?:title|link|id|guid|description|summary)'\]|feed\['(?:title|link)'\]) == (u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*")\s*$/;

/** A Python string literal as feedparser's tests write them. */
function pythonString(literal: string): string {
  const body = literal.replace(/^u/, '').slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    if (e.length > 1) return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

/** The tool's plain(): script/style and tags out, entities decoded, whitespace folded. */
function plain(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  return decodeHTML(s.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

describe("feedparser's expectations", () => {
  it('agree at least 97% of the time', () => {
    let total = 0;
    let hits = 0;
    const misses: string[] = [];
    for (const path of filesUnder(FEEDPARSER)) {
      if (!path.endsWith('.xml') || basename(path).startsWith('http_')) continue;
      const head = readFileSync(path).subarray(0, 4000).toString('utf8');
      const expect_ = /^Expect:\s*(.*)$/m.exec(head);
      if (!expect_ || /^Header:/m.test(head)) continue;
      const m = EXPECT_RE.exec(expect_[1]!.trim());
      if (!m) continue;
      const field = m[1]!;
      const want = pythonString(m[2]!);
      total++;
      const r = parseFile(path);
      const item = r.ok ? r.feed.items[0] : undefined;
      const key = /\['(\w+)'\]/.exec(field)![1]!;
      const got = !r.ok
        ? undefined
        : field.startsWith('feed')
          ? key === 'title'
            ? r.feed.title
            : r.feed.link
          : key === 'title'
            ? item?.title
            : key === 'link'
              ? item?.link
              : key === 'id' || key === 'guid'
                ? item?.id
                : item?.summary;
      const exact = key === 'link' || key === 'id' || key === 'guid';
      const ok = exact ? want.trim() === (got ?? '').trim() : plain(want) === plain(got);
      if (ok) hits++;
      else misses.push(`${path.slice(FEEDPARSER.length + 1)} ${field}`);
    }
    expect(total).toBeGreaterThan(900);
    const rate = hits / total;
    expect(rate, `misses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.97);
  });
});
