/** Where the peer test corpora live (`../shared/corpora` beside the project) and how to list them. */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `../shared/corpora` relative to the project root (CI lays it out the same way). */
export const CORPORA = resolve(process.cwd(), '..', 'shared', 'corpora');

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
