/** (a) Parse throughput: every feed file of a corpus parsed again and again for a fixed time. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed } from '../src/feeds/parse/index.js';

export interface ParseResult {
  corpus: string;
  files: number;
  bytes: number;
  passes: number;
  ms: number;
  filesPerSec: number;
  mbPerSec: number;
  /** Files the parser refused (ill-formed on purpose in feedparser's suite, or not feeds). */
  refused: number;
}

const FEED_FILE = /\.(xml|rss|atom|rdf|json)$/i;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else if (FEED_FILE.test(name)) out.push(path);
  }
  return out.sort();
}

/** Parses every file of `dir` for at least `minMs` (whole passes), after one warm-up pass. */
export function benchParse(corpus: string, dir: string, minMs = 2000): ParseResult {
  const inputs = listFiles(dir).map((path) => readFileSync(path));
  const bytes = inputs.reduce((n, b) => n + b.length, 0);
  let refused = 0;
  const pass = (count: boolean) => {
    for (const input of inputs) {
      try {
        parseFeed(input, { baseUrl: 'http://example.com/feed' });
      } catch {
        if (count) refused += 1;
      }
    }
  };
  pass(true); // warm-up: lets the JIT settle and counts refusals once
  let passes = 0;
  const start = performance.now();
  do {
    pass(false);
    passes += 1;
  } while (performance.now() - start < minMs);
  const ms = performance.now() - start;
  return {
    corpus,
    files: inputs.length,
    bytes,
    passes,
    ms,
    filesPerSec: (inputs.length * passes) / (ms / 1000),
    mbPerSec: (bytes * passes) / (1024 * 1024) / (ms / 1000),
    refused,
  };
}
