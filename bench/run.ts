/**
 * `npm run bench`: what a self-hoster pays and waits — feed-to-chat latency, memory of a running
 * service, a poll cycle, analysis, parsing, the queue-and-store overhead, and capacity on paper
 * from the unit costs — each figure measured more than once with its reference in the same run.
 * Prints a summary, writes `docs/BENCHMARKS.md` (full runs of every figure) and keeps the raw
 * numbers under `.bench/`. Uses a private redis-server unless `--redis-url` is given; either way
 * it stops by itself and removes every key it wrote.
 *
 *   npm run bench [-- --quick] [-- --only poll,latency] [-- --runs 3] [-- --redis-url <url>]
 *                 [-- --out <dir>] [-- --from .bench/<run>.json]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config/load.js';
import { resolveRedis } from '../src/runtime/redis-server.js';
import { DEFAULT_INGEST_CONCURRENCY } from '../src/service/start.js';
import { CORPORA } from '../test/helpers/corpora.js';
import { benchAnalyse } from './analyse.js';
import { beatwatchCommand, ROOT } from './deployment.js';
import { benchLatency } from './latency.js';
import { benchOverhead } from './overhead.js';
import { benchParse } from './parse.js';
import { benchPoll } from './poll.js';
import { type BenchResults, type Measured, renderReport, summaryLines } from './report.js';
import { benchServiceMemory } from './service-memory.js';

const FIGURES = ['latency', 'memory', 'poll', 'analysis', 'parse', 'overhead'] as const;
type Figure = (typeof FIGURES)[number];

const { values: args } = parseArgs({
  options: {
    'redis-url': { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string' },
    /** Where the raw results go (default `.bench/`). */
    out: { type: 'string' },
    /** Re-renders docs/BENCHMARKS.md from a saved run instead of measuring. */
    from: { type: 'string' },
  },
});
const quick = args.quick === true;
const only = new Set((args.only?.split(',') ?? FIGURES).map((f) => f.trim()));
for (const f of only) {
  if (!(FIGURES as readonly string[]).includes(f))
    throw new Error(`--only: unknown figure "${f}" (${FIGURES.join(', ')})`);
}
const runs = Number(args.runs ?? (quick ? 1 : 2));

const SIZES = quick
  ? {
      latency: {
        ratePerSec: 20,
        feeds: 10,
        pollIntervalMs: 1000,
        warmUpMs: 1000,
        measuredMs: 2000,
        deliveries: 20,
      },
      memoryIdle: { feeds: 8, itemsPerFeed: 5, settleMs: 500 },
      memoryLarge: { feeds: 40, itemsPerFeed: 5, settleMs: 500 },
      poll: { feeds: 100, rounds: 1, unchangedFeeds: 20, unchangedItems: 10 },
      analyse: 500,
      parseMs: 100,
      overhead: { jobs: 100, warmUpJobs: 100 },
    }
  : {
      latency: {
        ratePerSec: 20,
        feeds: 60,
        pollIntervalMs: 3000,
        warmUpMs: 10_000,
        measuredMs: 30_000,
        deliveries: 300,
      },
      memoryIdle: { feeds: 8, itemsPerFeed: 50, settleMs: 10_000 },
      memoryLarge: { feeds: 2000, itemsPerFeed: 50, settleMs: 10_000 },
      poll: { feeds: 2000, rounds: 3, unchangedFeeds: 500, unchangedItems: 50 },
      analyse: 10_000,
      parseMs: 2000,
      overhead: { jobs: 4000, warmUpJobs: 2000 },
    };

/** Poll workers' concurrency in the cycle, and of the bare loop it is held against. */
const POLL_CONCURRENCY = 10;

function step(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** The memory figure runs the installed command: `dist/` is rebuilt when a source is newer. */
function buildDistIfStale(): void {
  if (beatwatchCommand().compiled) return;
  step('building dist/ (older than src/): the memory figure runs the installed command…');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (!beatwatchCommand().compiled) throw new Error('dist/ is still older than src/ after `npm run build`');
}

/**
 * Why the memory runs cannot stand on the page, or null: each must have run the compiled
 * command (what a self-hoster runs) with the probe reading the analysis thread's heap.
 */
function memoryRunsUnfitForThePage(results: BenchResults): string | null {
  const runs = [...results.memoryIdle, ...results.memoryLarge].map((m) => m.result);
  if (runs.some((r) => !r.compiled)) return 'a memory run ran the sources, not the compiled dist/';
  if (runs.some((r) => !r.threads?.some((t) => t.threadId !== 0)))
    return "the probe did not read the analysis thread's heap in every memory run";
  return null;
}

async function redisVersion(url: string): Promise<string> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? 'unknown';
  } finally {
    client.disconnect();
  }
}

/** Runs `measure` `runs` times, each with the load average before and after. */
async function repeat<T>(
  figure: Figure,
  what: string,
  measure: () => T | Promise<T>,
): Promise<Measured<T>[]> {
  if (!only.has(figure)) return [];
  const out: Measured<T>[] = [];
  for (let i = 1; i <= runs; i++) {
    const before = loadavg()[0] ?? 0;
    step(`${what} (run ${i} of ${runs}, load ${before.toFixed(2)})…`);
    const result = await measure();
    out.push({ load: [before, loadavg()[0] ?? 0], result });
  }
  return out;
}

async function main(): Promise<void> {
  if (args.from) {
    const saved = JSON.parse(readFileSync(resolve(args.from), 'utf8')) as BenchResults;
    writeFileSync(join(ROOT, 'docs', 'BENCHMARKS.md'), renderReport(saved));
    step(`rewrote docs/BENCHMARKS.md from ${args.from}`);
    return;
  }
  const config = loadConfig({ path: join(ROOT, 'config', 'default.yaml'), env: {} });
  const topic = config.topics[0];
  if (!topic) throw new Error('config/default.yaml has no beat');
  const redis = await resolveRedis(args['redis-url']);
  const redisUrl = redis.url;
  try {
    step(`Redis ${redis.private ? `(private) ${redisUrl}` : redisUrl}; ${quick ? 'quick' : 'full'} sizes`);
    const cpu = cpus();
    const results: BenchResults = {
      environment: {
        date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        commit: gitCommit(),
        node: process.versions.node,
        cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
        cores: cpu.length,
        memoryGb: totalmem() / 1024 ** 3,
        redis: await redisVersion(redisUrl),
        redisKind: redis.private ? 'private' : 'given',
        quick,
      },
      parse: await repeat('parse', 'parsing the corpora', () => [
        benchParse('feedparser test suite', join(CORPORA, 'feedparser'), SIZES.parseMs),
        benchParse('rss-parser real-world feeds', join(CORPORA, 'rss-parser'), SIZES.parseMs),
      ]),
      analyse: await repeat('analysis', `analysing ${SIZES.analyse} items on one core`, () =>
        benchAnalyse(topic, SIZES.analyse),
      ),
      overhead: await repeat('overhead', 'queue-and-store overhead', () =>
        benchOverhead({ config, redisUrl, ...SIZES.overhead, concurrency: DEFAULT_INGEST_CONCURRENCY }),
      ),
      poll: await repeat('poll', `a poll cycle over ${SIZES.poll.feeds} feeds answering 304`, () =>
        benchPoll({ config, redisUrl, concurrency: POLL_CONCURRENCY, ...SIZES.poll }),
      ),
      latency: await repeat('latency', `feed-to-chat latency at ${SIZES.latency.ratePerSec} stories/s`, () =>
        benchLatency({ redisUrl, ...SIZES.latency }),
      ),
      memoryIdle: [],
      memoryLarge: [],
    };
    // Checked here, not at the start: the sources may have changed while the other figures ran.
    if (!quick && only.has('memory')) buildDistIfStale();
    results.memoryIdle = await repeat('memory', 'memory of beatwatch run, idle', () =>
      benchServiceMemory({ redisUrl, ...SIZES.memoryIdle }),
    );
    results.memoryLarge = await repeat(
      'memory',
      `memory of beatwatch run, ${SIZES.memoryLarge.feeds} feeds × ${SIZES.memoryLarge.itemsPerFeed} stories`,
      () => benchServiceMemory({ redisUrl, ...SIZES.memoryLarge, familyBreakdown: true }),
    );
    for (const line of summaryLines(results)) process.stdout.write(`${line}\n`);
    const rawDir = resolve(args.out ?? join(ROOT, '.bench'));
    mkdirSync(rawDir, { recursive: true });
    const raw = join(rawDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(raw, `${JSON.stringify(results, null, 2)}\n`);
    step(`raw results: ${raw}`);
    if (!quick && only.size === FIGURES.length) {
      const unfit = memoryRunsUnfitForThePage(results);
      if (unfit) {
        step(`not writing docs/BENCHMARKS.md: ${unfit}`);
        process.exitCode = 1;
      } else {
        writeFileSync(join(ROOT, 'docs', 'BENCHMARKS.md'), renderReport(results));
        step('wrote docs/BENCHMARKS.md');
      }
    }
  } finally {
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
