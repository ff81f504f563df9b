/**
 * `npm test` on a fresh clone with nothing beside it: no test, helper or fixture list reaches for
 * files outside the project (a `shared` folder next to it, an absolute path on one machine).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const TEST_DIR = join(ROOT, 'test');

/** Every TypeScript file under `dir`, fixtures aside. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

// A path into a folder beside the project, written as one string or as path segments.
const OUTSIDE = [/\.\.\/shared\b/, /['"]\.\.['"],\s*['"]shared['"]/, /['"]\/work\//];

describe('the tests on a fresh clone', () => {
  it('read nothing outside the project', () => {
    const offending = sources(TEST_DIR)
      .filter((path) => path !== import.meta.filename)
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            OUTSIDE.some((re) => re.test(line)) ? [`${relative(ROOT, path)}:${i + 1}: ${line.trim()}`] : [],
          ),
      );
    expect(offending).toEqual([]);
  });
});
