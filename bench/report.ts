/** The benchmark's results as the Markdown page `docs/BENCHMARKS.md` and as console lines. */
import type { AnalyseResult } from './analyse.js';
import { ASSUMPTIONS, capacityFor, feedsPerWorker, redisLimits, type UnitCosts } from './capacity.js';
import type { LatencyResult, Spread } from './latency.js';
import type { OverheadResult } from './overhead.js';
import type { ParseResult } from './parse.js';
import type { PollResult } from './poll.js';
import type { ServiceMemoryRun, ThreadMemory } from './service-memory.js';
import { memoryShares, unitCostsOf } from './unit-costs.js';

export interface BenchEnvironment {
  date: string;
  commit: string | null;
  node: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  redis: string;
  redisKind: 'private' | 'given';
  quick: boolean;
}

/** One run of one figure, with the one-minute load average before and after it. */
export interface Measured<T> {
  load: [number, number];
  result: T;
}

export interface BenchResults {
  environment: BenchEnvironment;
  latency: Measured<LatencyResult>[];
  memoryIdle: Measured<ServiceMemoryRun>[];
  memoryLarge: Measured<ServiceMemoryRun>[];
  poll: Measured<PollResult>[];
  analyse: Measured<AnalyseResult>[];
  parse: Measured<ParseResult[]>[];
  overhead: Measured<OverheadResult>[];
}

/** The targets of issue 13, each checked against every run. */
export const TARGETS = {
  latencyP99Ms: 500,
  memoryMb: 300,
  pollRatio: 0.7,
  analysisItemsPerSec: 1000,
};

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const n1 = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const n2 = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const load = (m: Measured<unknown>) => `${n2(m.load[0])} → ${n2(m.load[1])}`;
const ms = (x: number) => `${n0(x)} ms`;
const spreadCells = (s: Spread) => `${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.p99)} | ${ms(s.max)}`;
const results = <T>(list: Measured<T>[]) => list.map((m) => m.result);

/** "met in 2 of 2 runs" or how far the worst run is from the target. */
function verdict(
  values: number[],
  target: number,
  better: 'lower' | 'higher',
  unit: (x: number) => string,
): string {
  if (values.length === 0) return 'not measured';
  const ok = values.filter((v) => (better === 'lower' ? v <= target : v >= target)).length;
  if (ok === values.length) return `**met** in ${ok} of ${values.length} runs`;
  const worst = better === 'lower' ? Math.max(...values) : Math.min(...values);
  const by = better === 'lower' ? worst - target : target - worst;
  return `**missed** in ${values.length - ok} of ${values.length} runs (worst ${unit(worst)}, ${unit(by)} short)`;
}

const range = (values: number[], f: (x: number) => string) =>
  values.length === 0
    ? '—'
    : Math.min(...values) === Math.max(...values)
      ? f(values[0]!)
      : `${f(Math.min(...values))}–${f(Math.max(...values))}`;

function summary(r: BenchResults): string[] {
  const p99 = results(r.latency).map((l) => l.pollToPost.p99);
  const large = results(r.memoryLarge).map((m) => m.rssMb);
  const idle = results(r.memoryIdle).map((m) => m.rssMb);
  const ratio = results(r.poll).map((p) => p.ratio);
  const items = results(r.analyse).map((a) => a.itemsPerSec);
  const overhead = results(r.overhead).map((o) => o.ratio);
  const mbps = (name: string, who: 'beatwatch' | 'fastXmlParser') =>
    results(r.parse).flatMap((runs) => runs.filter((p) => p.corpus === name).map((p) => p[who].mbPerSec));
  const corpora = [...new Set(results(r.parse).flatMap((runs) => runs.map((p) => p.corpus)))];
  const big = r.memoryLarge[0]?.result;
  const feeds = r.poll[0]?.result.feeds ?? 0;
  return [
    '| Figure | Measured | Reference, same run | Target | |',
    '| --- | ---: | ---: | ---: | --- |',
    `| Feed-to-chat p99, poll start → post received | ${range(p99, ms)} | — | ≤ ${TARGETS.latencyP99Ms} ms | ${verdict(p99, TARGETS.latencyP99Ms, 'lower', ms)} |`,
    `| \`beatwatch run\` RSS, ${n0(big?.feeds ?? 0)} feeds and ${n0(big?.stories ?? 0)} stories | ${range(large, (x) => `${n0(x)} MB`)} | idle: ${range(idle, (x) => `${n0(x)} MB`)} | ≤ ${TARGETS.memoryMb} MB | ${verdict(large, TARGETS.memoryMb, 'lower', (x) => `${n0(x)} MB`)} |`,
    `| Poll cycle over ${n0(feeds)} feeds answering 304 | ${range(ratio, (x) => `${n2(x)}×`)} | bare \`fetch\` loop = 1× | ≥ ${TARGETS.pollRatio}× | ${verdict(ratio, TARGETS.pollRatio, 'higher', (x) => `${n2(x)}×`)} |`,
    `| Analysis, one core | ${range(items, (x) => `${n0(x)} items/s`)} | — | ≥ ${n0(TARGETS.analysisItemsPerSec)} items/s | ${verdict(items, TARGETS.analysisItemsPerSec, 'higher', (x) => `${n0(x)} items/s`)} |`,
    ...corpora.map(
      (c) =>
        `| Parsing, ${c} | ${range(mbps(c, 'beatwatch'), (x) => `${n1(x)} MB/s`)} | fast-xml-parser: ${range(mbps(c, 'fastXmlParser'), (x) => `${n1(x)} MB/s`)} | — | |`,
    ),
    `| Queue-and-store overhead: ingest with the analysis replayed | ${range(overhead, (x) => `${n2(x)}×`)} | no-op BullMQ worker = 1× | — | |`,
  ];
}

function latencySection(r: BenchResults): string[] {
  if (r.latency.length === 0) return [];
  const l = r.latency[0]!.result;
  const rows = r.latency.map(
    (m, i) =>
      `| ${i + 1} | ${load(m)} | ${n0(m.result.published)} | ${n0(m.result.posted)} | ${spreadCells(m.result.pollToPost)} |`,
  );
  const split = r.latency.flatMap((m, i) => [
    `| ${i + 1} | poll → ingest job queued | ${spreadCells(m.result.split.pollToIngest)} |`,
    `| ${i + 1} | ingest job → deliver job queued | ${spreadCells(m.result.split.ingestToDeliver)} |`,
    `| ${i + 1} | deliver job → post received | ${spreadCells(m.result.split.deliverToPost)} |`,
    `| ${i + 1} | story in its feed → post received | ${spreadCells(m.result.appearToPost)} |`,
  ]);
  return [
    '## Feed-to-chat latency',
    '',
    `Two processes, \`beatwatch run\` and \`beatwatch worker\`, on the shipped configuration with its ${n0(l.feeds)} feeds`,
    `served locally and polled every ${n1(l.pollIntervalMs / 1000)} s; new stories appear at a steady ${n0(l.ratePerSec)} a second,`,
    'spread over the feeds, each a new event on the beat. Alerts go to a `type: slack` destination through',
    'the real Slack Web API client, at a fake Slack (`SLACK_API_URL`) that notes when each post arrives.',
    `After ${n0(l.warmUpSeconds)} s of warm-up, the stories of the next ${n0(l.measuredSeconds)} s are measured.`,
    '',
    '**The clock starts when the poll that finds the story starts** (the `polledAtMs` its jobs carry)',
    'and stops when the fake Slack receives the post. In production the wait for that poll comes',
    'first: up to one poll interval (15 minutes as shipped), half of it on average; the last row of',
    "the second table shows it at this run's short interval.",
    '',
    '| Run | Load | Stories | Posted | p50 | p90 | p99 | Max |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    '"Posted" counts the stories alerted: the analysis reads some of these synthetic stories as',
    'follow-ups of an earlier one, which beat subscribers are not alerted to.',
    '',
    "Where the time goes, from the jobs' own timestamps:",
    '',
    '| Run | Stage | p50 | p90 | p99 | Max |',
    '| ---: | --- | ---: | ---: | ---: | ---: |',
    ...split,
    '',
    `CPU time per posted story, each process over the measured window (polls, ingest, analysis thread, delivery): ${r.latency
      .map((m) => m.result.processCpuMsPerStory.map((x) => `${n1(x)} ms`).join(' and '))
      .join('; ')}.`,
    '',
  ];
}

/** Where each run's resident memory goes, from the probe the bench loads into the process. */
function threadTable(runs: ReadonlyArray<readonly [string, Measured<ServiceMemoryRun>]>): string[] {
  const rows = runs.flatMap(([what, m]) => {
    const threads = m.result.threads;
    if (!threads) return [];
    const main = threads.find((t) => t.threadId === 0);
    const analysis = threads.filter((t) => t.threadId !== 0);
    const sum = (f: (t: ThreadMemory) => number) => analysis.reduce((n, t) => n + f(t), 0);
    const counted = threads.reduce((n, t) => n + t.heapTotalMb + t.externalMb, 0);
    const heap = (used: number, total: number) => `${n0(used)} / ${n0(total)} MB`;
    const mainHeap = main ? heap(main.heapUsedMb, main.heapTotalMb) : '—';
    const threadHeap = heap(
      sum((t) => t.heapUsedMb),
      sum((t) => t.heapTotalMb),
    );
    const outside = (main?.externalMb ?? 0) + sum((t) => t.externalMb);
    return [
      `| ${what} | ${n0(m.result.rssMb)} MB | ${mainHeap} | ${threadHeap} | ${n0(outside)} MB | ${n0(m.result.rssMb - counted)} MB |`,
    ];
  });
  if (rows.length === 0) return [];
  return [
    'Where it goes, from a probe the bench loads into the process (`bench/memory-probe.mjs`, `node --import`),',
    "which writes each thread's V8 heap every second. Outside the heaps is memory V8 counts apart (the",
    "analysis index's typed arrays, buffers); the rest is the runtime itself (code, both isolates, native",
    'libraries, allocator slack).',
    '',
    '| Run | RSS | Event loop heap, used / total | Analysis thread heap, used / total | Outside the heaps | The rest |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ];
}

function memorySection(r: BenchResults): string[] {
  if (r.memoryIdle.length + r.memoryLarge.length === 0) return [];
  const row = (what: string, list: Measured<ServiceMemoryRun>[]) =>
    list.map(
      (m, i) =>
        `| ${what} | ${i + 1} | ${load(m)} | ${n0(m.result.feeds)} | ${n0(m.result.stories)} | ${n0(m.result.drainSeconds)} s | **${n0(m.result.rssMb)} MB** | ${n0(m.result.peakRssMb)} MB | ${n0(m.result.redisMb)} MB |`,
    );
  const any = r.memoryLarge[0]?.result ?? r.memoryIdle[0]!.result;
  const shares = r.memoryLarge.map((m) => memoryShares(m.result)).find((s) => s !== null);
  return [
    '## Memory of a running service',
    '',
    `\`beatwatch run\` as its own process (${any.compiled ? 'the compiled `dist/`, as installed' : 'the sources through tsx: `dist/` was out of date'}) on the shipped configuration, its`,
    `feeds served by the bench on 127.0.0.1 (no network), each listing ${n0(any.itemsPerFeed)} stories. Every feed's first`,
    'poll stores its stories and posts nothing, as shipped. RSS is read once every story is stored,',
    `the queues are empty and the process has been left alone for ${n0(any.settleSeconds)} s; the peak is sampled every 250 ms.`,
    'It covers the whole process: the event loop, the analysis thread and its index of the stories.',
    '',
    '| | Run | Load | Feeds | Stories | Until stored | RSS after | Peak RSS | Redis `used_memory` |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...row('Idle (the shipped 8 feeds)', r.memoryIdle),
    ...row('Large', r.memoryLarge),
    '',
    ...threadTable([
      ...r.memoryIdle.map((m, i) => [`Idle ${i + 1}`, m] as const),
      ...r.memoryLarge.map((m, i) => [`Large ${i + 1}`, m] as const),
    ]),
    ...(shares
      ? [
          `Redis's memory in the large run, by what it holds (\`MEMORY USAGE\` of every key): stories and their`,
          `indexes ${n0(shares.storyBytes / 1024 ** 2)} MB (${n0(shares.storyBytes / shares.stories)} bytes a story), feeds' state, schedulers and next polls`,
          `${n0(shares.feedBytes / 1024 ** 2)} MB (${n0(shares.feedBytes / shares.feeds)} bytes a feed), seen item ids ${n0(shares.seenBytes / 1024 ** 2)} MB (${n0(shares.seenBytes / shares.seenIds)} bytes an id),`,
          `finished jobs kept for inspection and the rest ${n0(shares.otherBytes / 1024 ** 2)} MB.`,
          '',
        ]
      : []),
  ];
}

function pollSection(r: BenchResults): string[] {
  if (r.poll.length === 0) return [];
  const p = r.poll[0]!.result;
  return [
    '## Poll cycle over feeds answering 304',
    '',
    `${n0(p.feeds)} feeds on a local server; a first cycle fetches each once (200 + ETag), the measured cycle sends`,
    `\`If-None-Match\` and every feed answers 304. Poll workers at concurrency ${p.concurrency}, in the bench process (the feed`,
    'server too). Reference: the same conditional GETs from a bare `fetch` loop at the same concurrency, after',
    'the cycle, against the same server. The cycle runs from queueing the polls (as `pollNow` does) to the',
    "last one's finish: queueing, the feed's fetch lock and state (one round trip), the SSRF-guarded fetch,",
    "the health update and the lock's release (one round trip), and BullMQ's own work.",
    '',
    '| Run | Load | Cycle | Feeds/s | Bare `fetch` | Requests/s | Ratio | CPU per poll | CPU per bare request |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.poll.map(
      (m, i) =>
        `| ${i + 1} | ${load(m)} | ${ms(m.result.cycle.ms)} | ${n0(m.result.cycle.feedsPerSec)} | ${ms(m.result.bareFetch.ms)} | ${n0(m.result.bareFetch.requestsPerSec)} | **${n2(m.result.ratio)}×** | ${n0(m.result.cycle.cpuUsPerPoll)} µs | ${n0(m.result.bareFetch.cpuUsPerRequest)} µs |`,
    ),
    '',
    "CPU is the bench process's (every thread, the feed server included), per feed.",
    '',
  ];
}

function analysisAndParseSection(r: BenchResults): string[] {
  const out: string[] = [];
  if (r.analyse.length > 0) {
    const a = r.analyse[0]!.result;
    out.push(
      '## Analysis',
      '',
      `${n0(a.items)} synthetic stories (\`bench/synthetic.ts\`: English and Spanish stories on the beat, wire copies`,
      'with tracking links, follow-ups, off-beat stories) through `createAnalyser`, on the calling thread (one core):',
      'matching, duplicates, clusters, claims, comparison with known facts, summaries.',
      '',
      '| Run | Load | Items/s | Per CPU second | First 1,000 | Last 1,000 | On the beat | Duplicates | Follow-ups | Clusters |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...r.analyse.map(
        (m, i) =>
          `| ${i + 1} | ${load(m)} | **${n0(m.result.itemsPerSec)}** | ${n0(m.result.itemsPerCpuSec)} | ${ms(m.result.firstThousandMs)} | ${ms(m.result.lastThousandMs)} | ${n0(m.result.relevant)} | ${n0(m.result.duplicates)} | ${n0(m.result.followUps)} | ${n0(m.result.clusters)} |`,
      ),
      '',
    );
  }
  if (r.parse.length > 0) {
    out.push(
      '## Parsing',
      '',
      'Every XML file of the vendored corpora (`test/fixtures/corpora`) parsed again and again for a fixed time',
      "after a warm-up pass, by beatwatch's parser and by fast-xml-parser (default options) on the same bytes.",
      "fast-xml-parser only turns XML into objects; beatwatch's parser also decodes the declared charset, maps",
      'RSS, Atom and RDF onto one item shape, reads dates and turns HTML into text.',
      '',
      '| Run | Load | Corpus | Files | Size | beatwatch | fast-xml-parser | Refused (beatwatch / fast-xml-parser) |',
      '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
      ...r.parse.flatMap((m, i) =>
        m.result.map(
          (p) =>
            `| ${i + 1} | ${load(m)} | ${p.corpus} | ${n0(p.files)} | ${n1(p.bytes / 1024 ** 2)} MB | **${n1(p.beatwatch.mbPerSec)} MB/s** | ${n1(p.fastXmlParser.mbPerSec)} MB/s | ${p.beatwatch.refused} / ${p.fastXmlParser.refused} |`,
        ),
      ),
      '',
    );
  }
  return out;
}

function overheadSection(r: BenchResults): string[] {
  if (r.overhead.length === 0) return [];
  const o = r.overhead[0]!.result;
  return [
    '## Queue-and-store overhead',
    '',
    `${n0(o.ingest.jobs)} ingest jobs of one story each, drained by beatwatch's ingest worker (concurrency ${o.concurrency}) with the`,
    "analysis results computed beforehand and replayed: the beat's lease, the record stream, the story, cluster",
    'and fact writes, and BullMQ. Reference: a BullMQ worker that does nothing, same payloads, job options,',
    `concurrency and Redis. Both warmed up with ${n0(o.warmUpJobs)} jobs; the clock runs from resuming the paused queue to the`,
    "last finish. This is the machinery's own cost; the analysis is measured above, on its own core.",
    '',
    '| Run | Load | No-op jobs/s | Ingest jobs/s | Ratio | Process CPU per job (no-op / ingest) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.overhead.map(
      (m, i) =>
        `| ${i + 1} | ${load(m)} | ${n0(m.result.noop.jobsPerSec)} | ${n0(m.result.ingest.jobsPerSec)} | **${n2(m.result.ratio)}×** | ${n0(m.result.noop.processCpuUs)} / ${n0(m.result.ingest.processCpuUs)} µs |`,
    ),
    '',
  ];
}

function capacitySection(costs: UnitCosts): string[] {
  const a = ASSUMPTIONS;
  const cost = (
    what: string,
    c: { processCpuUs: number; redisCpuUs: number; commands: number; bytes: number },
  ) =>
    `| ${what} | ${n0(c.processCpuUs)} µs | ${n0(c.redisCpuUs)} µs | ${n1(c.commands)} | ${n0(c.bytes)} B |`;
  const perWorker = feedsPerWorker(costs);
  const rows = [1_000, 10_000, 100_000].map((f) => capacityFor(f, costs));
  const limits = redisLimits(costs);
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
    `One Redis reaches ${n0(limits.cpuShare * 100)}% of its core at about ${n0(limits.feedsAtCpu)} feeds and ${limits.memoryGb} GB of data at about`,
    `${n0(limits.feedsAtMemory)} feeds: **${limits.feedsAtMemory < limits.feedsAtCpu ? 'memory' : 'CPU'} is the first limit**. What then is in`,
    '[decision 024](decisions/024-capacity-and-where-one-redis-ends.md).',
    '',
  ];
}

/** The page. Every number in it comes from the run it describes. */
export function renderReport(r: BenchResults): string {
  const e = r.environment;
  const costs = unitCostsOf({
    poll: results(r.poll),
    overhead: results(r.overhead),
    analyse: results(r.analyse),
    latency: results(r.latency),
    memoryIdle: results(r.memoryIdle),
    memoryLarge: results(r.memoryLarge),
  });
  return [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts); edit the generator, not this file. -->',
    '',
    `Measured by \`npm run bench\` on ${e.date}${e.commit ? ` at commit \`${e.commit.slice(0, 10)}\`` : ''}` +
      `${e.quick ? ' (quick mode: small sizes, not figures)' : ''}.`,
    `Machine: ${e.cpu}, ${e.cores} cores, ${n1(e.memoryGb)} GB; Node ${e.node}; Redis ${e.redis} ` +
      `(${e.redisKind === 'private' ? 'a private redis-server started by the bench, no persistence' : 'given by --redis-url'}).`,
    'Every figure is measured more than once, each reference in the same run on the same machine and Redis.',
    `Beside each run, the one-minute load average before → after it: above ${e.cores} means other work shared the cores`,
    'and the figure is pessimistic. Raw results: `.bench/*.json` (not committed).',
    '',
    ...summary(r),
    '',
    ...latencySection(r),
    ...memorySection(r),
    ...pollSection(r),
    ...analysisAndParseSection(r),
    ...overheadSection(r),
    ...(costs ? capacitySection(costs) : []),
    '## Running it',
    '',
    '```sh',
    'npm run bench                          # every figure twice, private redis-server; rewrites this page',
    'npm run bench -- --only poll,latency   # some figures (poll, latency, memory, analysis, parse, overhead)',
    'npm run bench -- --runs 3              # each figure three times',
    'npm run bench -- --redis-url redis://127.0.0.1:6379   # an existing Redis (keys under a unique prefix, removed)',
    'npm run bench -- --quick               # small sizes, seconds: checks the bench still runs (CI)',
    'npm run bench -- --from .bench/bench-….json   # rewrite this page from a saved run',
    '```',
    '',
    'The full run builds `dist/` first when it is older than `src/` (the memory figure runs the installed',
    "command). It stops by itself and removes every key it wrote; on a shared Redis, other clients' work",
    'counts in the Redis unit costs.',
    '',
  ].join('\n');
}

/** A few lines for the terminal. */
export function summaryLines(r: BenchResults): string[] {
  return summary(r)
    .slice(2)
    .map((row) =>
      row
        .split('|')
        .map((cell) => cell.trim().replace(/\*\*/g, ''))
        .filter((cell) => cell !== '')
        .join(' · '),
    );
}
