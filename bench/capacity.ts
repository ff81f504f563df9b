/**
 * Capacity on paper: what a deployment of N feeds needs in worker processes, Redis memory and
 * Redis operations per second, worked out from the unit costs the bench measured (per poll, per
 * stored story, per delivery) and a few stated assumptions about the feeds. Pure arithmetic, so
 * the page can show each step.
 */

/** What the bench measured, per unit. */
export interface UnitCosts {
  /** A scheduled poll answered 304. */
  poll304: UnitCost;
  /** A poll of a feed without validators: fetched, parsed, nothing new. */
  pollUnchanged: UnitCost;
  /** Storing one story (queue, lease, store writes; one item per ingest job). */
  story: UnitCost & { analysisCpuUs: number };
  delivery: UnitCost;
  /** Redis memory of one stored story, one feed (state, scheduler, next poll) and one seen id. */
  storyBytes: number;
  feedBytes: number;
  seenIdBytes: number;
  /**
   * Resident memory of a worker process with the ingest role per story kept (its analysis index
   * holds every story of the beats it ingests, within retention), and with none.
   */
  workerBytesPerStory: number;
  workerBaseBytes: number;
}

/** What one unit of work costs the worker and Redis. */
export interface UnitCost {
  /** CPU time of the worker's main thread (the event loop), µs. */
  processCpuUs: number;
  redisCpuUs: number;
  commands: number;
  /** Bytes to and from Redis. */
  bytes: number;
}

/** The assumptions, each shown on the page. */
export interface Assumptions {
  intervalMinutes: number;
  /** Share of polls that get a full answer with nothing new (feeds without validators). */
  unchangedShare: number;
  /** New items a feed lists per day (stored, analysed; most never alerted). */
  newItemsPerFeedPerDay: number;
  retentionDays: number;
  /** Deliveries per stored story (new on-beat stories × channels). */
  deliveriesPerStory: number;
  /** Poll jobs a worker runs at once (the service's default) and a remote feed's answer time. */
  pollConcurrency: number;
  remoteAnswerMs: number;
  /** Share of a core the plan lets each worker and Redis use, leaving room for bursts. */
  headroom: number;
}

/** The assumptions the page states. */
export const ASSUMPTIONS: Assumptions = {
  intervalMinutes: 15,
  unchangedShare: 0.5,
  newItemsPerFeedPerDay: 10,
  retentionDays: 90,
  deliveriesPerStory: 0.2,
  pollConcurrency: 4,
  remoteAnswerMs: 500,
  headroom: 0.5,
};

/** What one deployment size needs. */
export interface CapacityRow {
  feeds: number;
  pollsPerSec: number;
  storiesPerSec: number;
  deliveriesPerSec: number;
  /** Cores of worker main threads, and of analysis threads (a beat's analysis is one lane). */
  workerCores: number;
  analysisCores: number;
  /** Workers needed: by CPU, and by poll concurrency × remote answer time; the larger counts. */
  workersByCpu: number;
  workersByWaiting: number;
  workers: number;
  redisOpsPerSec: number;
  redisCpuShare: number;
  redisMbps: number;
  storiesKept: number;
  redisMemoryGb: number;
  /** Resident memory of each worker process with the ingest role. */
  workerMemoryGb: number;
}

/** Feeds one worker keeps polling at the interval: by its CPU, and by its poll slots. */
export function feedsPerWorker(costs: UnitCosts, a: Assumptions = ASSUMPTIONS) {
  const intervalS = a.intervalMinutes * 60;
  const pollCpuUs = mixed(costs, a, 'processCpuUs');
  const storiesPerFeedPerS = a.newItemsPerFeedPerDay / 86_400;
  const cpuUsPerFeedPerS =
    pollCpuUs / intervalS +
    storiesPerFeedPerS * (costs.story.processCpuUs + a.deliveriesPerStory * costs.delivery.processCpuUs);
  return {
    byCpu: Math.floor((1e6 * a.headroom) / cpuUsPerFeedPerS),
    byWaiting: Math.floor((a.pollConcurrency / (a.remoteAnswerMs / 1000)) * intervalS),
  };
}

function mixed(costs: UnitCosts, a: Assumptions, field: keyof UnitCost): number {
  return (1 - a.unchangedShare) * costs.poll304[field] + a.unchangedShare * costs.pollUnchanged[field];
}

/** What `feeds` feeds need. */
export function capacityFor(feeds: number, costs: UnitCosts, a: Assumptions = ASSUMPTIONS): CapacityRow {
  const pollsPerSec = feeds / (a.intervalMinutes * 60);
  const storiesPerSec = (feeds * a.newItemsPerFeedPerDay) / 86_400;
  const deliveriesPerSec = storiesPerSec * a.deliveriesPerStory;
  const per = (field: keyof UnitCost) =>
    pollsPerSec * mixed(costs, a, field) +
    storiesPerSec * costs.story[field] +
    deliveriesPerSec * costs.delivery[field];
  const workerCores = per('processCpuUs') / 1e6;
  const analysisCores = (storiesPerSec * costs.story.analysisCpuUs) / 1e6;
  const perWorker = feedsPerWorker(costs, a);
  const workersByCpu = Math.ceil(feeds / perWorker.byCpu);
  const workersByWaiting = Math.ceil(feeds / perWorker.byWaiting);
  const storiesKept = feeds * a.newItemsPerFeedPerDay * a.retentionDays;
  return {
    feeds,
    pollsPerSec,
    storiesPerSec,
    deliveriesPerSec,
    workerCores,
    analysisCores,
    workersByCpu,
    workersByWaiting,
    workers: Math.max(1, workersByCpu, workersByWaiting),
    redisOpsPerSec: per('commands'),
    redisCpuShare: per('redisCpuUs') / 1e6,
    redisMbps: (per('bytes') * 8) / 1e6,
    storiesKept,
    // A feed remembers the ids it listed within the retention period: about its new items.
    redisMemoryGb:
      (storiesKept * costs.storyBytes +
        feeds * (costs.feedBytes + a.newItemsPerFeedPerDay * a.retentionDays * costs.seenIdBytes)) /
      1024 ** 3,
    workerMemoryGb: (costs.workerBaseBytes + storiesKept * costs.workerBytesPerStory) / 1024 ** 3,
  };
}

/**
 * Where one deployment stops: the feed counts at which one Redis reaches `cpuShare` of its core
 * and `redisGb` of data, and at which an ingest worker's analysis index fills `workerGb`.
 */
export function limits(
  costs: UnitCosts,
  a: Assumptions = ASSUMPTIONS,
  sizes = { cpuShare: 0.5, redisGb: 25, workerGb: 4 },
) {
  const one = capacityFor(1, costs, a);
  const storiesPerFeed = a.newItemsPerFeedPerDay * a.retentionDays;
  const workerStories = (sizes.workerGb * 1024 ** 3 - costs.workerBaseBytes) / costs.workerBytesPerStory;
  return {
    ...sizes,
    feedsAtRedisCpu: Math.floor(sizes.cpuShare / one.redisCpuShare),
    feedsAtRedisMemory: Math.floor(sizes.redisGb / one.redisMemoryGb),
    workerStories: Math.floor(workerStories),
    feedsAtWorkerMemory: Math.floor(workerStories / storiesPerFeed),
  };
}
