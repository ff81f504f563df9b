/** The feed corpora vendored from feedparser's and rss-parser's test suites, and how to list them. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `test/fixtures/corpora` (see its README for where the files come from and their licences). */
export const CORPORA = join(import.meta.dirname, '..', 'fixtures', 'corpora');

/** Every file below `dir`, depth first, in name order. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}
