/**
 * The seed report's eight-word runs, hashed, so the tests can check that no set reuses its
 * sentences without the report itself being in the project (facts and figures may be taken from
 * it, never its sentences). `test/fixtures/seed-shingles.txt` is this module's output for the
 * report; to write it again:
 *
 *     npx tsx test/quality/seed-shingles.ts path/to/cecot-seed-article.txt > test/fixtures/seed-shingles.txt
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Words per run: long enough that a shared run is a copied sentence, not a common phrase. */
const SHINGLE = 8;

/** The hashes of the seed report's runs, as vendored. */
export const SEED_SHINGLES_PATH = join(import.meta.dirname, '..', 'fixtures', 'seed-shingles.txt');

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Hash of one run of words (16 hex digits of its SHA-1). */
function hashRun(run: string): string {
  return createHash('sha1').update(run).digest('hex').slice(0, 16);
}

/** The text's eight-word runs, each with its hash. */
export function shingleHashes(text: string): Map<string, string> {
  const w = words(text);
  const out = new Map<string, string>();
  for (let i = 0; i + SHINGLE <= w.length; i++) {
    const run = w.slice(i, i + SHINGLE).join(' ');
    out.set(hashRun(run), run);
  }
  return out;
}

/** The vendored hashes of the seed report's runs. */
export function readSeedShingles(): Set<string> {
  return new Set(readFileSync(SEED_SHINGLES_PATH, 'utf8').split('\n').filter(Boolean));
}

if (process.argv[1] === import.meta.filename) {
  const path = process.argv[2];
  if (!path) {
    process.stderr.write('usage: npx tsx test/quality/seed-shingles.ts SEED_REPORT.txt\n');
    process.exit(2);
  }
  process.stdout.write(`${[...shingleHashes(readFileSync(path, 'utf8')).keys()].sort().join('\n')}\n`);
}
