/**
 * Memory of a running service: `beatwatch run` as its own process on the shipped configuration,
 * its feeds pointed at the bench's local server (no network), each feed listing `itemsPerFeed`
 * synthetic stories. Every feed's first poll stores its items (and posts nothing, as the shipped
 * configuration says); once every story is stored and the queues are empty the process is left
 * alone for a while and its resident memory read. The peak is sampled throughout. Redis's memory
 * by key family is read at the end, for the capacity estimate.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config/load.js';
import { QUEUE_NAMES } from '../src/queue/names.js';
import { deleteKeysWithPrefix } from '../src/runtime/redis-keys.js';
import { rssOf, startBeatwatchProcess, writeDeployment } from './deployment.js';
import { startBenchFeedServer } from './feed-server.js';
import { MB } from './memory.js';
import { memoryByFamily, readRedisCounters } from './redis-stats.js';
import { syntheticItems } from './synthetic.js';

/** One run of `beatwatch run` and its memory. */
export interface ServiceMemoryRun {
  feeds: number;
  itemsPerFeed: number;
  /** Stories stored when the process was measured. */
  stories: number;
  /** From start until every story was stored and the queues were empty. */
  drainSeconds: number;
  /** Resident memory after `settleSeconds` idle. */
  rssMb: number;
  peakRssMb: number;
  settleSeconds: number;
  /**
   * Whether the compiled `dist/` ran (else the sources through tsx, which costs memory too and
   * keeps the probe out of the analysis thread), as read when the process was started.
   */
  compiled: boolean;
  /** Redis's `used_memory` at the end, and the deployment's keys by family (large run only). */
  redisMb: number;
  redisFamilies?: Array<{ family: string; keys: number; bytes: number }>;
  /** Where the resident memory goes, per thread, in MB (absent when the probe wrote nothing). */
  threads?: ThreadMemory[];
}

/** One thread's V8 heap and memory held outside it (array buffers…), in MB. */
export interface ThreadMemory {
  /** 0 is the event loop; the others are the analysis thread. */
  threadId: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `beatwatch run` on `feeds` local feeds of `itemsPerFeed` stories and reads its memory once they are stored. */
export async function benchServiceMemory(options: {
  redisUrl: string;
  feeds: number;
  itemsPerFeed: number;
  settleMs: number;
  /** Read Redis's memory by key family (scans every key of the deployment). */
  familyBreakdown?: boolean;
  timeoutMs?: number;
}): Promise<ServiceMemoryRun> {
  const { feeds, itemsPerFeed, settleMs, timeoutMs = 20 * 60_000 } = options;
  const total = feeds * itemsPerFeed;
  const prefix = `beatwatch-bench-${randomBytes(4).toString('hex')}`;
  const server = await startBenchFeedServer({ feeds, maxItems: itemsPerFeed });
  // Published over the last 60 days: inside the shipped 90-day retention, so nothing expires.
  const startMs = Date.now() - 60 * DAY_MS;
  server.publish(
    syntheticItems(total, { startMs, spacingMs: (60 * DAY_MS) / total }).map((s, i) => ({
      feed: i % feeds,
      item: s.item,
      atMs: 0,
    })),
  );
  const deployment = writeDeployment({ prefix, feedUrls: server.feedUrls });
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const ingest = new Queue(QUEUE_NAMES.ingest, { connection: redis, prefix });
  const started = Date.now();
  const probe = join(mkdtempSync(join(tmpdir(), 'beatwatch-probe-')), 'thread');
  const proc = startBeatwatchProcess(
    'run',
    deployment,
    { REDIS_URL: options.redisUrl, BEATWATCH_BENCH_PROBE: probe },
    ['--import', pathToFileURL(join(import.meta.dirname, 'memory-probe.mjs')).href],
  );
  let peak = 0;
  const sampler = setInterval(() => {
    if (proc.child.pid) peak = Math.max(peak, rssOf(proc.child.pid));
  }, 250);
  try {
    await proc.started;
    const topic = loadConfig({ path: deployment.configPath, env: {} }).topics[0]!.id;
    const storiesKey = `${prefix}:topic:${topic}:stories`;
    let stories = 0;
    for (;;) {
      if (Date.now() - started > timeoutMs) {
        throw new Error(`beatwatch run stored ${stories} of ${total} stories in ${timeoutMs / 1000} s`);
      }
      if (proc.child.exitCode !== null) throw new Error('beatwatch run exited during the memory bench');
      stories = await redis.zcard(storiesKey);
      const queued = await ingest.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const busy = Object.values(queued).reduce((a, b) => a + b, 0);
      if (stories >= total && busy === 0 && server.counts.ok >= feeds) break;
      await sleep(500);
    }
    const drainSeconds = (Date.now() - started) / 1000;
    // At least a second, so every thread's probe has written since the work ended.
    await sleep(Math.max(settleMs, 1100));
    const rss = rssOf(proc.child.pid!);
    const threads = readProbe(probe);
    const families = options.familyBreakdown ? await memoryByFamily(redis, `${prefix}:`) : undefined;
    return {
      feeds,
      itemsPerFeed,
      stories,
      drainSeconds,
      rssMb: rss / MB,
      peakRssMb: Math.max(peak, rss) / MB,
      settleSeconds: settleMs / 1000,
      compiled: proc.compiled,
      redisMb: (await readRedisCounters(redis)).usedMemory / MB,
      ...(families ? { redisFamilies: families } : {}),
      ...(threads.length > 0 ? { threads } : {}),
    };
  } finally {
    clearInterval(sampler);
    await proc.stop();
    await server.close();
    await ingest.close();
    deployment.remove();
    rmSync(dirname(probe), { recursive: true, force: true });
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}

/** What each thread's probe last wrote. */
function readProbe(probe: string): ThreadMemory[] {
  const dir = dirname(probe);
  return readdirSync(dir)
    .filter((name) => name.startsWith(`${basename(probe)}-`))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, number>)
    .map((t) => ({
      threadId: t.threadId ?? 0,
      heapUsedMb: (t.heapUsed ?? 0) / MB,
      heapTotalMb: (t.heapTotal ?? 0) / MB,
      externalMb: (t.external ?? 0) / MB,
    }))
    .sort((a, b) => a.threadId - b.threadId);
}
