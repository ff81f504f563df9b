/**
 * `npm run bench -- --quick` still runs: every figure at small sizes, against the test Redis,
 * each giving a result. Timings are not checked (the machine decides them); only that each figure
 * was measured and the page can be written from what it measured.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BenchResults, renderReport } from '../../bench/report.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';

const ROOT = join(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'beatwatch-bench-test-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

function runQuickBench(): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/run.ts', '--quick', '--redis-url', TEST_REDIS_URL, '--out', out],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('npm run bench -- --quick', () => {
  it('measures every figure once and the page renders from the results', { timeout: 300_000 }, async () => {
    const { code, stderr } = await runQuickBench();
    expect(code, stderr).toBe(0);
    const [file] = readdirSync(out);
    const results = JSON.parse(readFileSync(join(out, file!), 'utf8')) as BenchResults;
    for (const figure of [
      'latency',
      'memoryIdle',
      'memoryLarge',
      'poll',
      'analyse',
      'parse',
      'overhead',
    ] as const) {
      expect(results[figure], figure).toHaveLength(1);
    }
    expect(results.latency[0]!.result.posted).toBeGreaterThan(0);
    expect(results.memoryLarge[0]!.result.stories).toBe(200);
    expect(results.poll[0]!.result.cycle.notModified).toBe(results.poll[0]!.result.feeds);
    const page = renderReport(results);
    expect(page).toContain('## Capacity on paper');
    expect(page).not.toMatch(/NaN|undefined|Infinity/);
  });
});
