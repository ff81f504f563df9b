/**
 * Parse throughput: every XML feed file of a vendored corpus (`test/fixtures/corpora`) parsed
 * again and again for a fixed time, by beatwatch's feed parser and, as the reference, by
 * fast-xml-parser with its default options reading the same bytes. fast-xml-parser only turns
 * XML into objects; beatwatch's parser also decodes the declared charset, maps RSS, Atom and RDF
 * onto one item shape, reads dates and turns HTML into text, so the reference is an upper bound
 * on what reading the XML alone costs, not a like-for-like parser.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { parseFeed } from '../src/feeds/parse/index.js';
import { filesUnder } from '../test/helpers/corpora.js';

/** One parser over one corpus. */
export interface ParseRun {
  files: number;
  passes: number;
  ms: number;
  filesPerSec: number;
  mbPerSec: number;
  /** Files the parser threw on (some of feedparser's suite is ill-formed on purpose). */
  refused: number;
}

/** Both parsers over one corpus. */
export interface ParseResult {
  corpus: string;
  files: number;
  bytes: number;
  beatwatch: ParseRun;
  fastXmlParser: ParseRun;
}

const XML_FILE = /\.(xml|rss|atom|rdf)$/i;

/** Runs `parse` over every input for at least `minMs` (whole passes), after one warm-up pass. */
function timed(
  inputs: readonly Buffer[],
  bytes: number,
  minMs: number,
  parse: (b: Buffer) => unknown,
): ParseRun {
  let refused = 0;
  const pass = (count: boolean) => {
    for (const input of inputs) {
      try {
        parse(input);
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
    files: inputs.length,
    passes,
    ms,
    filesPerSec: (inputs.length * passes) / (ms / 1000),
    mbPerSec: (bytes * passes) / (1024 * 1024) / (ms / 1000),
    refused,
  };
}

/** Both parsers over the XML files under `dir`, each for at least `minMs`. */
export function benchParse(corpus: string, dir: string, minMs = 2000): ParseResult {
  const inputs = filesUnder(dir)
    .filter((path) => XML_FILE.test(path))
    .map((path) => readFileSync(path));
  const bytes = inputs.reduce((n, b) => n + b.length, 0);
  const reference = new XMLParser();
  return {
    corpus,
    files: inputs.length,
    bytes,
    beatwatch: timed(inputs, bytes, minMs, (b) => parseFeed(b, { baseUrl: 'http://example.com/feed' })),
    fastXmlParser: timed(inputs, bytes, minMs, (b) => reference.parse(b)),
  };
}
