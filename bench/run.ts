/**
 * `npm run bench`: measures parsing, analysis, ingest through BullMQ and a poll cycle, each with
 * its reference measured in the same run, prints a summary, writes `docs/BENCHMARKS.md` and keeps
 * the raw numbers under `.bench/`. Uses a private redis-server unless `--redis-url` is given;
 * either way it stops by itself and removes every key it wrote.
 *
 *   npm run bench [-- --redis-url <url>] [-- --quick] [-- --from .bench/<run>.json]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config/load.js';
import { resolveRedis } from '../src/runtime/redis-server.js';
import { DEFAULT_INGEST_CONCURRENCY } from '../src/service/start.js';
import { benchAnalyse } from './analyse.js';
import { benchIngest } from './ingest.js';
import { benchParse } from './parse.js';
import { benchPoll } from './poll.js';
import { profileAnalyse } from './profile.js';
import { type BenchResults, renderReport, summaryLines } from './report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The peer corpora, vendored with their licences (test/fixtures/corpora/README.md).
const CORPORA = resolve(ROOT, 'test', 'fixtures', 'corpora');

const { values: args } = parseArgs({
  options: {
    'redis-url': { type: 'string' },
    quick: { type: 'boolean', default: false },
    /** Re-renders docs/BENCHMARKS.md from a saved run instead of measuring. */
    from: { type: 'string' },
  },
});
const quick = args.quick === true;
const sizes = quick
  ? {
      analyse: 1000,
      profile: 200,
      ingestJobs: 200,
      noopJobs: 1000,
      warmUpJobs: 200,
      feeds: 200,
      parseMs: 300,
    }
  : {
      analyse: 10_000,
      profile: 1000,
      ingestJobs: 4000,
      noopJobs: 10_000,
      warmUpJobs: 10_000,
      feeds: 2000,
      parseMs: 2000,
    };

/** The no-op worker's concurrency the ingest target is stated for. */
const REFERENCE_CONCURRENCY = 10;

/** Items per ingest job in the batched run: what one busy poll of a feed brings. */
const BATCH_ITEMS = 10;

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

async function redisVersion(url: string): Promise<string> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const info = await client.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    client.disconnect();
  }
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
  const loadBefore = loadavg()[0] ?? 0;
  try {
    step(`Redis ${redis.private ? `(private) ${redis.url}` : redis.url}; ${quick ? 'quick' : 'full'} sizes`);
    step('(a) parsing the corpora…');
    const parse = [
      benchParse('feedparser test suite', join(CORPORA, 'feedparser'), sizes.parseMs),
      benchParse('rss-parser real-world feeds', join(CORPORA, 'rss-parser', 'test', 'input'), sizes.parseMs),
    ];
    step(`(b) analysing ${sizes.analyse} synthetic items…`);
    const analyse = benchAnalyse(topic, sizes.analyse);
    step(`(b) profiling the analysis of ${sizes.profile} items…`);
    const hotSpots = await profileAnalyse(topic, sizes.profile);
    step(`(c) ingest: ${sizes.noopJobs} no-op jobs, then ${sizes.ingestJobs} ingest jobs…`);
    const ingest = await benchIngest({
      config,
      redisUrl: redis.url,
      jobs: sizes.ingestJobs,
      noopJobs: sizes.noopJobs,
      itemsPerJob: 1,
      warmUpJobs: sizes.warmUpJobs,
      concurrency: DEFAULT_INGEST_CONCURRENCY,
      referenceConcurrency: REFERENCE_CONCURRENCY,
    });
    // The same at the reference concurrency, job for job against the no-op at that concurrency.
    step(`(c) ingest again at concurrency ${REFERENCE_CONCURRENCY}…`);
    const ingestAtReference = await benchIngest({
      config,
      redisUrl: redis.url,
      jobs: sizes.ingestJobs,
      noopJobs: sizes.noopJobs,
      itemsPerJob: 1,
      warmUpJobs: sizes.warmUpJobs,
      concurrency: REFERENCE_CONCURRENCY,
      // The same payloads and sizes as the headline run: its no-op at this concurrency stands.
      noopMeasured: ingest.noopRuns,
    });
    // Real ingest jobs carry all new items of one poll; ten is a busy poll of a news search feed.
    step(`(c) ingest again with ${BATCH_ITEMS} items per job…`);
    const ingestBatched = await benchIngest({
      config,
      redisUrl: redis.url,
      jobs: Math.round(sizes.ingestJobs / BATCH_ITEMS),
      noopJobs: sizes.noopJobs,
      itemsPerJob: BATCH_ITEMS,
      warmUpJobs: Math.round(sizes.warmUpJobs / BATCH_ITEMS),
      concurrency: DEFAULT_INGEST_CONCURRENCY,
      referenceConcurrency: REFERENCE_CONCURRENCY,
    });
    step(`(d) a poll cycle over ${sizes.feeds} feeds answering 304…`);
    const poll = await benchPoll({ config, redisUrl: redis.url, feeds: sizes.feeds, concurrency: 10 });

    const cpu = cpus();
    const results: BenchResults = {
      environment: {
        date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        commit: gitCommit(),
        node: process.versions.node,
        cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
        cores: cpu.length,
        memoryGb: totalmem() / 1024 ** 3,
        redis: await redisVersion(redis.url),
        redisKind: redis.private ? 'private' : 'given',
        quick,
        loadAverage: [loadBefore, loadavg()[0] ?? 0],
      },
      parse,
      analyse,
      hotSpots,
      ingest,
      ingestAtReference,
      ingestBatched,
      poll,
    };
    for (const line of summaryLines(results)) process.stdout.write(`${line}\n`);
    const rawDir = join(ROOT, '.bench');
    mkdirSync(rawDir, { recursive: true });
    const raw = join(rawDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(raw, `${JSON.stringify(results, null, 2)}\n`);
    step(`raw results: ${raw}`);
    if (!quick) {
      writeFileSync(join(ROOT, 'docs', 'BENCHMARKS.md'), renderReport(results));
      step('wrote docs/BENCHMARKS.md');
    }
  } finally {
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
