/**
 * `npm run test:reliability`'s set-up and summary: gives the test files a directory for their
 * figures, and once every file has run prints one table per category (what was tried, the
 * counts, the largest worker RSS, how long it took) in the Markdown that `docs/RELIABILITY.md`
 * holds, with the machine, the commit and the date it ran on.
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

/** The code a run measured: its commit, and whether the tree had changes not committed. */
export interface MeasuredCode {
  /** `git rev-parse --short HEAD`, or `unknown` outside a git checkout. */
  commit: string;
  dirty: boolean;
}

/** The commit checked out now (read when the run starts, so it is the code that ran). */
export function measuredCode(): MeasuredCode {
  const root = join(import.meta.dirname, '..', '..');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain') !== '' };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

/** "commit 2b97e18" or "commit 2b97e18 with changes not committed". */
export function codeLine(code: MeasuredCode): string {
  return `commit ${code.commit}${code.dirty ? ' with changes not committed' : ''}`;
}

/**
 * The summary as Markdown: one table per category, figures as recorded, after a line naming the
 * machine, the code and the day (`YYYY-MM-DD`, UTC) of the run.
 */
export function summarise(
  entries: readonly CategoryFigures[],
  run: { totalMs: number; code: MeasuredCode; startedAt: Date; machine?: string },
): string {
  const day = run.startedAt.toISOString().slice(0, 10);
  const out = [
    `Reliability run on ${day}, ${codeLine(run.code)}: ${run.machine ?? machineLine()}; ` +
      `${(run.totalMs / 1000).toFixed(0)} s in all.`,
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
  const startedAt = new Date();
  const code = measuredCode();
  project.provide('reliabilityResults', dir);
  return () => {
    const entries = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CategoryFigures);
    const totalMs = Date.now() - startedAt.getTime();
    process.stdout.write(`\n${summarise(entries, { totalMs, code, startedAt })}\n\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
