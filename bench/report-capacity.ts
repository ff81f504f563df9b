/** The page's capacity section: unit costs, assumptions, what N feeds need, where one Redis ends. */
import {
  ASSUMPTIONS,
  type CapacityRow,
  capacityFor,
  feedsPerWorker,
  limits,
  type UnitCosts,
} from './capacity.js';
import { n0, n1, n2 } from './format.js';

/** The section, from the unit costs of the run. */
export function capacitySection(costs: UnitCosts): string[] {
  const a = ASSUMPTIONS;
  const cost = (
    what: string,
    c: { processCpuUs: number; redisCpuUs: number; commands: number; bytes: number },
  ) =>
    `| ${what} | ${n0(c.processCpuUs)} µs | ${n0(c.redisCpuUs)} µs | ${n1(c.commands)} | ${n0(c.bytes)} B |`;
  const perWorker = feedsPerWorker(costs);
  const sizes = [1_000, 10_000, 100_000];
  const rows = sizes.map((f) => capacityFor(f, costs));
  const shortRetention = { ...a, retentionDays: 14 };
  const short = sizes.map((f) => capacityFor(f, costs, shortRetention));
  const at = limits(costs);
  const memoryRow = (c: CapacityRow) =>
    `| ${n0(c.feeds)} | ${n0(c.storiesKept)} | ${n1(c.workerMemoryGb)} GB | ${n1(c.redisMemoryGb)} GB |`;
  return [
    '## Capacity on paper',
    '',
    "Unit costs, each the mean of this run's measurements (Redis counters read before and after: `INFO`",
    '`commandstats`, `stats`, `cpu`; commands include those run inside scripts; bytes both ways):',
    '',
    '| Unit | Worker CPU | Redis CPU | Redis commands | Redis traffic |',
    '| --- | ---: | ---: | ---: | ---: |',
    cost('Poll answered 304 (scheduled, as in production)', costs.poll304),
    cost('Poll of a feed without validators, 50 items, none new', costs.pollUnchanged),
    cost('Stored story (queue, lease, store; one per ingest job)', costs.story),
    cost('Delivery to Slack', costs.delivery),
    '',
    "Worker CPU is the bench process's, which also ran the local feed server or the fake Slack: a little",
    'more than a worker spends on its own.',
    '',
    `Analysis: ${n0(costs.story.analysisCpuUs)} µs of the analysis thread per story. Redis memory: ${n0(costs.storyBytes)} bytes a stored`,
    `story, ${n0(costs.feedBytes)} bytes a feed, ${n0(costs.seenIdBytes)} bytes a remembered item id. A worker process with the ingest`,
    `role: ${n0(costs.workerBaseBytes / 1024 ** 2)} MB, plus ${n0(costs.workerBytesPerStory)} bytes per story kept (the analysis index holds every story of`,
    'its beats within retention; from the two memory runs).',
    '',
    `Assumptions: every feed polled every ${a.intervalMinutes} minutes; ${n0(a.unchangedShare * 100)}% of polls get a full answer with nothing`,
    `new (feeds without validators), the rest a 304; ${a.newItemsPerFeedPerDay} new items a feed a day, each stored for ${a.retentionDays} days;`,
    `${n1(a.deliveriesPerStory)} deliveries per story; ${a.pollConcurrency} polls at once per worker (the default) and remote feeds answering in`,
    `${n0(a.remoteAnswerMs)} ms; each worker and Redis planned at ${n0(a.headroom * 100)}% of a core, leaving the rest for bursts and`,
    'first fetches.',
    '',
    `One worker keeps ${n0(perWorker.byWaiting)} feeds polled at this interval: its ${a.pollConcurrency} poll slots, each waiting ${n0(a.remoteAnswerMs)} ms`,
    `on a remote server, are the limit; its CPU alone would carry ${n0(perWorker.byCpu)}. Raising the poll`,
    'concurrency moves the first figure up to the second.',
    '',
    '| Feeds | Polls/s | Stories/s | Workers | Worker cores | Stories kept | Memory per ingest worker | Redis ops/s | Redis CPU | Redis traffic | Redis memory |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (c) =>
        `| ${n0(c.feeds)} | ${n1(c.pollsPerSec)} | ${n2(c.storiesPerSec)} | ${n0(c.workers)} | ${n2(c.workerCores)} | ${n0(c.storiesKept)} | ${n1(c.workerMemoryGb)} GB | ${n0(c.redisOpsPerSec)} | ${n1(c.redisCpuShare * 100)}% of a core | ${n1(c.redisMbps)} Mbit/s | ${n1(c.redisMemoryGb)} GB |`,
    ),
    '',
    `With these assumptions **memory is the first limit**, long before CPU or Redis operations. Every`,
    'ingest worker holds the analysis index of every beat it ingests, for the whole retention period',
    `(${n0(costs.workerBytesPerStory)} bytes a story), so a worker given ${at.workerGb} GB holds about ${n0(at.workerStories)} stories: about`,
    `${n0(at.feedsAtWorkerMemory)} feeds at ${a.newItemsPerFeedPerDay} new items a day kept ${a.retentionDays} days, and adding workers does not divide it. One`,
    `Redis holds ${at.redisGb} GB of data at about ${n0(at.feedsAtRedisMemory)} feeds and reaches ${n0(at.cpuShare * 100)}% of its core at about`,
    `${n0(at.feedsAtRedisCpu)}. Both memories scale with the stories kept, so \`retention.days\` is the lever; at 14 days:`,
    '',
    '| Feeds | Stories kept | Memory per ingest worker | Redis memory |',
    '| ---: | ---: | ---: | ---: |',
    ...short.map(memoryRow),
    '',
    "What then, past one Redis or one worker's memory:",
    '[decision 024](decisions/024-capacity-and-where-one-redis-ends.md).',
    '',
  ];
}
