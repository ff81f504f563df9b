/** The page's sections, one per figure; each renders every run of its figure. */
import { load, ms, n0, n1, n2, spreadCells } from './format.js';
import type { BenchResults, Measured } from './results.js';
import type { ServiceMemoryRun, ThreadMemory } from './service-memory.js';
import { memoryShares } from './unit-costs.js';

/** The section of its figure; empty when it was not measured. */
export function latencySection(r: BenchResults): string[] {
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
    `Two processes, \`beatwatch run\` and \`beatwatch worker\`, on the shipped configuration, its feeds replaced by ${n0(l.feeds)}`,
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
    // Where the runtime does not load `--import` modules into worker threads, the analysis
    // thread writes nothing: its memory is then part of the rest.
    const threadHeap =
      analysis.length > 0
        ? heap(
            sum((t) => t.heapUsedMb),
            sum((t) => t.heapTotalMb),
          )
        : 'not read (in the rest)';
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

/** The section of its figure; empty when it was not measured. */
export function memorySection(r: BenchResults): string[] {
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

/** The section of its figure; empty when it was not measured. */
export function pollSection(r: BenchResults): string[] {
  if (r.poll.length === 0) return [];
  const p = r.poll[0]!.result;
  const passes = (all: number[]) => all.map((x) => n0(x)).join(', ');
  return [
    '## Poll cycle over feeds answering 304',
    '',
    `${n0(p.feeds)} feeds on a local server; a first cycle fetches each once (200 + ETag), then every poll sends`,
    `\`If-None-Match\` and every feed answers 304. Poll workers at concurrency ${p.concurrency}, in the bench process (the feed`,
    'server too). Reference: the same conditional GETs from a bare `fetch` loop at the same concurrency,',
    'against the same server. A cycle runs from queueing the polls (as `pollNow` does) to the last',
    "one's finish: queueing, BullMQ's own work, the feed's fetch lock and state (one round trip), the",
    "SSRF-guarded fetch, the health update and the lock's release (one round trip). Cycle and bare loop",
    `are timed ${p.cycle.allMs.length === 1 ? 'once' : `${p.cycle.allMs.length} times`} each, in turn, and the fastest of each kept (the least disturbed by other work).`,
    '',
    '| Run | Load | Cycle | Feeds/s | Bare `fetch` | Requests/s | Ratio | CPU per poll | CPU per bare request | Every pass, cycle / bare |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...r.poll.map(
      (m, i) =>
        `| ${i + 1} | ${load(m)} | ${ms(m.result.cycle.ms)} | ${n0(m.result.cycle.feedsPerSec)} | ${ms(m.result.bareFetch.ms)} | ${n0(m.result.bareFetch.requestsPerSec)} | **${n2(m.result.ratio)}×** | ${n0(m.result.cycle.cpuUsPerPoll)} µs | ${n0(m.result.bareFetch.cpuUsPerRequest)} µs | ${passes(m.result.cycle.allMs)} / ${passes(m.result.bareFetch.allMs)} ms |`,
    ),
    '',
    "CPU is the bench process's (every thread, the feed server included), per feed, in the fastest pass.",
    '',
    "Where a cycle's time goes: each part measured alone over the same feeds, at the same concurrency",
    '(fastest of as many passes):',
    '',
    `| Part | ${r.poll.map((_, i) => `Run ${i + 1}: time | CPU per feed`).join(' | ')} |`,
    `| --- | ${r.poll.map(() => '---: | ---:').join(' | ')} |`,
    ...p.parts.map(
      (part, j) =>
        `| ${part.part} | ${r.poll.map((m) => `${ms(m.result.parts[j]?.ms ?? 0)} | ${n0(m.result.parts[j]?.cpuUs ?? 0)} µs`).join(' | ')} |`,
    ),
    '',
  ];
}

/** The section of its figure; empty when it was not measured. */
export function analysisAndParseSection(r: BenchResults): string[] {
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

/** The section of its figure; empty when it was not measured. */
export function overheadSection(r: BenchResults): string[] {
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
