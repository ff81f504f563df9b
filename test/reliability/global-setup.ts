/**
 * `npm run test:reliability`'s set-up and summary: gives the test files a directory for their
 * figures, and once every file has run prints one table per category (what was tried, the
 * counts, the largest worker RSS, how long it took) in the Markdown that `docs/RELIABILITY.md`
 * holds, with the machine it ran on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { CategoryFigures } from './reliability.js';

const CATEGORIES: ReadonlyArray<CategoryFigures['category']> = ['bad feeds', 'faults', 'load', 'security'];

function redisVersion(): string {
  try {
    return /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? '?';
  } catch {
    return 'unknown';
  }
}

/** The machine line: cores, memory, Node and Redis versions. */
export function machineLine(): string {
  const gib = Math.round((totalmem() / 1024 ** 3) * 10) / 10;
  return `${availableParallelism()} cores (nproc), ${gib} GiB memory, Node ${process.versions.node}, Redis ${redisVersion()}`;
}

/**
 * What was run and when: the date, the short commit hash and whether the tree had uncommitted
 * changes (then the figures are of those changes, not of the commit alone).
 */
export function revisionLine(now = new Date()): string {
  const date = `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const git = (args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  try {
    const commit = git(['rev-parse', '--short=10', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
    return `${date}, commit \`${commit}\`${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return `${date}, commit unknown (not a git checkout)`;
  }
}

/** The summary as Markdown: one table per category, figures as recorded. */
export function summarise(entries: readonly CategoryFigures[], totalMs: number): string {
  const out = [
    `Reliability run: ${revisionLine()}; ${machineLine()}; ${(totalMs / 1000).toFixed(0)} s in all.`,
  ];
  for (const category of CATEGORIES) {
    const rows = entries.filter((e) => e.category === category);
    if (rows.length === 0) continue;
    out.push('', `### ${category[0]!.toUpperCase()}${category.slice(1)}`, '');
    out.push('| Scenario | Figures | Duration |', '|---|---|---:|');
    for (const row of rows) {
      const figures = Object.entries(row.figures)
        .map(
          ([name, value]) => `${name}: ${typeof value === 'number' ? value.toLocaleString('en-GB') : value}`,
        )
        .join('; ');
      out.push(`| ${row.scenario} | ${figures} | ${(row.durationMs / 1000).toFixed(1)} s |`);
    }
  }
  return out.join('\n');
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'bw-reliability-'));
  const startedMs = Date.now();
  project.provide('reliabilityResults', dir);
  return () => {
    const entries = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CategoryFigures);
    process.stdout.write(`\n${summarise(entries, Date.now() - startedMs)}\n\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
