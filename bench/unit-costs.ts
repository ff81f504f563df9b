/**
 * The unit costs of the capacity estimate, from the figures of one bench run: each averaged over
 * the runs that measured it. Absent when a figure it needs was not measured (`--only`).
 */
import type { AnalyseResult } from './analyse.js';
import type { UnitCost, UnitCosts } from './capacity.js';
import type { LatencyResult } from './latency.js';
import type { OverheadResult } from './overhead.js';
import type { PollResult, PollUnitCost } from './poll.js';
import type { RedisUnitCost } from './redis-stats.js';
import type { ServiceMemoryRun } from './service-memory.js';

/** Redis memory of a deployment by what it holds, from the key families of the large run. */
export interface MemoryShares {
  feeds: number;
  stories: number;
  /** Bytes of the stories and their indexes, of the feeds (state, schedulers, next polls), of seen ids. */
  storyBytes: number;
  feedBytes: number;
  seenBytes: number;
  seenIds: number;
  /** Finished jobs kept for inspection (bounded by the queues' settings) and the rest. */
  otherBytes: number;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** Sorts the large run's key families into stories, feeds, seen ids and the rest. */
export function memoryShares(run: ServiceMemoryRun): MemoryShares | null {
  if (!run.redisFamilies) return null;
  const shares: MemoryShares = {
    feeds: run.feeds,
    stories: run.stories,
    storyBytes: 0,
    feedBytes: 0,
    seenBytes: 0,
    seenIds: run.feeds * run.itemsPerFeed,
    otherBytes: 0,
  };
  for (const { family, bytes } of run.redisFamilies) {
    if (family.startsWith('topic:')) shares.storyBytes += bytes;
    else if (/^feed:\*:seen$/.test(family)) shares.seenBytes += bytes;
    else if (/^(feed:\*|feeds|lock:feed:\*)$/.test(family) || family.startsWith('poll:repeat'))
      shares.feedBytes += bytes;
    else shares.otherBytes += bytes;
  }
  return shares;
}

function fromPoll(cost: PollUnitCost): UnitCost {
  return fromRedis(cost.processCpuUs, cost.redis);
}

function fromRedis(processCpuUs: number, redis: RedisUnitCost): UnitCost {
  return {
    processCpuUs,
    redisCpuUs: redis.cpuUs,
    commands: redis.commands,
    bytes: redis.bytesIn + redis.bytesOut,
  };
}

function average(costs: UnitCost[]): UnitCost {
  return {
    processCpuUs: mean(costs.map((c) => c.processCpuUs)),
    redisCpuUs: mean(costs.map((c) => c.redisCpuUs)),
    commands: mean(costs.map((c) => c.commands)),
    bytes: mean(costs.map((c) => c.bytes)),
  };
}

/** The unit costs of the capacity estimate, or null when a figure they need is missing. */
export function unitCostsOf(figures: {
  poll: PollResult[];
  overhead: OverheadResult[];
  analyse: AnalyseResult[];
  latency: LatencyResult[];
  memoryIdle: ServiceMemoryRun[];
  memoryLarge: ServiceMemoryRun[];
}): UnitCosts | null {
  const { poll, overhead, analyse, latency, memoryIdle, memoryLarge } = figures;
  const shares = memoryLarge.map(memoryShares).filter((s): s is MemoryShares => s !== null);
  if ([poll, overhead, analyse, latency, shares, memoryIdle].some((list) => list.length === 0)) return null;
  const idle = {
    rss: mean(memoryIdle.map((m) => m.rssMb * 1024 ** 2)),
    stories: mean(memoryIdle.map((m) => m.stories)),
  };
  const perStory = mean(
    memoryLarge.map((m) => (m.rssMb * 1024 ** 2 - idle.rss) / Math.max(1, m.stories - idle.stories)),
  );
  return {
    poll304: average(poll.map((p) => fromPoll(p.scheduled))),
    pollUnchanged: average(poll.map((p) => fromPoll(p.unchanged))),
    story: {
      ...average(overhead.map((o) => fromRedis(o.ingest.processCpuUs, o.perStory))),
      analysisCpuUs: mean(analyse.map((a) => 1e6 / a.itemsPerCpuSec)),
    },
    delivery: average(latency.map((l) => fromRedis(l.perDelivery.processCpuUs, l.perDelivery.redis))),
    storyBytes: mean(shares.map((s) => s.storyBytes / s.stories)),
    feedBytes: mean(shares.map((s) => s.feedBytes / s.feeds)),
    seenIdBytes: mean(shares.map((s) => s.seenBytes / s.seenIds)),
    workerBytesPerStory: perStory,
    workerBaseBytes: idle.rss - idle.stories * perStory,
  };
}
