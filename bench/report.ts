/** The benchmark's results as the Markdown page `docs/BENCHMARKS.md` and as console lines. */
import type { AnalyseResult } from './analyse.js';
import type { CpuPerJob, IngestResult } from './ingest.js';
import type { ParseResult } from './parse.js';
import type { PollResult } from './poll.js';
import type { HotSpot } from './profile.js';

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
  /** One-minute load average when the bench started and when it ended. */
  loadAverage: [number, number];
}

export interface BenchResults {
  environment: BenchEnvironment;
  parse: ParseResult[];
  analyse: AnalyseResult;
  hotSpots: HotSpot[];
  ingest: IngestResult;
  /** Ingest at the reference concurrency, against the no-op at the same concurrency. */
  ingestAtReference: IngestResult;
  /** Several items per job, as a poll brings them; absent in runs saved before it existed. */
  ingestBatched?: IngestResult;
  poll: PollResult;
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const n1 = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const n2 = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** CPU time per job of each timed drain (absent from runs saved before it was measured). */
function cpuTable(i: IngestResult, s1: IngestResult): string[] {
  const rows: Array<[string, number, CpuPerJob | undefined]> = [
    ...(i.noopRuns ?? []).map((n): [string, number, CpuPerJob | undefined] => [
      'No-op BullMQ worker',
      n.concurrency,
      n.cpu,
    ]),
    ['beatwatch ingest', i.concurrency, i.ingest.cpu],
    ['beatwatch ingest', s1.concurrency, s1.ingest.cpu],
    ['beatwatch ingest without analysis', i.concurrency, i.machinery?.cpu],
  ];
  const known = rows.filter((r): r is [string, number, CpuPerJob] => r[2] !== undefined);
  if (known.length === 0) return [];
  return [
    'CPU time per job while the jobs drained: the bench process (every thread: workers, the analysis',
    'thread, the harness) and the Redis server. It depends less than jobs/s on what else the machine',
    'is doing, though a busy machine still inflates it.',
    '',
    '| | Concurrency | Process CPU per job | Redis CPU per job |',
    '| --- | ---: | ---: | ---: |',
    ...known.map(([what, c, cpu]) => `| ${what} | ${c} | ${n0(cpu.processUs)} µs | ${n0(cpu.redisUs)} µs |`),
    '',
  ];
}

/** The page. Every number in it comes from the run it describes. */
export function renderReport(r: BenchResults): string {
  const e = r.environment;
  const { analyse: a, ingest: i, ingestAtReference: s1, ingestBatched: b, poll: p } = r;
  const target = i.ratio >= 0.5 ? 'met' : 'not met';
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts); edit the generator, not this file. -->',
    '',
    `Measured by \`npm run bench\` on ${e.date}${e.commit ? ` at commit \`${e.commit.slice(0, 10)}\`` : ''}` +
      `${e.quick ? ' (quick mode: smaller sizes)' : ''}.`,
    `Machine: ${e.cpu}, ${e.cores} cores, ${n1(e.memoryGb)} GB; Node ${e.node}; Redis ${e.redis} ` +
      `(${e.redisKind === 'private' ? 'a private redis-server started by the bench, no persistence' : 'given by --redis-url'}).`,
    'Each reference number is measured in the same run, on the same machine and the same Redis.',
    `One-minute load average: ${n2(e.loadAverage[0])} at the start, ${n2(e.loadAverage[1])} at the end ` +
      `(above ${e.cores} means other work shared the cores and the numbers are pessimistic).`,
    'Raw results: `.bench/*.json` (not committed).',
    '',
    '## (a) Parsing',
    '',
    'Every feed file of each corpus parsed again and again for two seconds, after a warm-up pass.',
    '',
    '| Corpus | Files | Size | Files/s | MB/s | Refused |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.parse.map(
      (x) =>
        `| ${x.corpus} | ${n0(x.files)} | ${n1(x.bytes / 1024 / 1024)} MB | ${n0(x.filesPerSec)} | ${n1(x.mbPerSec)} | ${x.refused} |`,
    ),
    '',
    '"Refused" counts files the parser reports as not a feed (feedparser\'s suite holds some on purpose).',
    '',
    '## (b) Analysis',
    '',
    `${n0(a.items)} synthetic items (\`bench/synthetic.ts\`: English and Spanish stories on the beat, wire`,
    'copies with tracking links, follow-ups, off-beat stories) through one analyser, on one core:',
    'matching, duplicates, clusters, claims, comparison with known facts, summaries.',
    '',
    '| Items | Total | ms per 1,000 items | First 1,000 | Last 1,000 | On the beat | Duplicates | Follow-ups | Clusters | Peak RSS |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${n0(a.items)} | ${n1(a.ms / 1000)} s | **${n0(a.msPer1000)}** | ${n0(a.firstThousandMs)} ms | ${n0(a.lastThousandMs)} ms | ${n0(a.relevant)} | ${n0(a.duplicates)} | ${n0(a.followUps)} | ${n0(a.clusters)} | ${n0(a.peakRssMb)} MB |`,
    '',
    `Where the time goes (CPU profile of ${'the analysis of a slice of the same kind of items'}, self time):`,
    '',
    '| Function | Self time | Share |',
    '| --- | ---: | ---: |',
    ...r.hotSpots.map((h) => `| \`${h.where}\` | ${n0(h.selfMs)} ms | ${n1(h.share * 100)}% |`),
    '',
    '## (c) Ingest through BullMQ',
    '',
    `${n0(i.jobs)} ingest jobs of ${i.itemsPerJob} item${i.itemsPerJob === 1 ? '' : 's'} each drained by beatwatch's ingest`,
    `worker at its default concurrency (${i.concurrency}): analysis (on the worker's analysis thread), story`,
    `store, record log, fact reports. Reference: ${n0(i.noop.jobs)} jobs with the same payloads and job`,
    'options drained by a BullMQ worker that does nothing, at the same concurrency and at concurrency',
    `${s1.concurrency}; ingest is held against the faster of the two. Every worker is started and warmed up first`,
    // Runs saved before the warm-up size was recorded warmed up with 200 jobs.
    `(${n0(i.warmUpJobs ?? 200)} jobs: the analysis reaches its steady speed only after a few thousand items, once`,
    'the JIT has compiled it); the measured jobs are added to the paused queue, and the clock runs from',
    "resuming it to the last job's finish time.",
    '',
    '| | Concurrency | Jobs | Time | Jobs/s | Items/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...(i.noopRuns ?? [{ ...i.noop, concurrency: i.concurrency }]).map(
      (n) =>
        `| No-op BullMQ worker (reference) | ${n.concurrency} | ${n0(n.jobs)} | ${n2(n.ms / 1000)} s | ${n0(n.jobsPerSec)} | — |`,
    ),
    `| beatwatch ingest | ${i.concurrency} | ${n0(i.jobs)} | ${n2(i.ingest.ms / 1000)} s | ${n0(i.ingest.jobsPerSec)} | ${n0(i.ingest.itemsPerSec)} |`,
    `| beatwatch ingest | ${s1.concurrency} | ${n0(s1.jobs)} | ${n2(s1.ingest.ms / 1000)} s | ${n0(s1.ingest.jobsPerSec)} | ${n0(s1.ingest.itemsPerSec)} |`,
    ...(i.machinery
      ? [
          `| beatwatch ingest without analysis (results computed beforehand) | ${i.concurrency} | ${n0(i.jobs)} | ${n2(i.machinery.ms / 1000)} s | ${n0(i.machinery.jobsPerSec)} | ${n0(i.machinery.itemsPerSec)} |`,
        ]
      : []),
    ...(b
      ? [
          `| beatwatch ingest, ${b.itemsPerJob} items per job | ${b.concurrency} | ${n0(b.jobs)} | ${n2(b.ingest.ms / 1000)} s | ${n0(b.ingest.jobsPerSec)} | ${n0(b.ingest.itemsPerSec)} |`,
        ]
      : []),
    '',
    ...cpuTable(i, s1),
    `Ingest runs at **${n2(i.ratio * 100)}%** of the faster no-op rate (${n0(i.noop.jobsPerSec)} jobs/s), job for job; ` +
      `the target (at least 50%) is **${target}**.` +
      (i.ingest.failed > 0 ? ` ${i.ingest.failed} jobs failed.` : ''),
    `At concurrency ${s1.concurrency} on both sides, ingest runs at ${n2(s1.ratio * 100)}% of the no-op rate: a beat's jobs are ` +
      'analysed and written one batch at a time, and the jobs a worker holds while a batch runs make up the next one, ' +
      'so a worker that holds more jobs writes bigger batches.',
    ...(i.machinery
      ? [
          `Without the analysis, the queue, lease and store work alone runs at ${n2(i.machinery.ratio * 100)}% of the no-op rate.`,
        ]
      : []),
    ...(b
      ? [
          `With ${b.itemsPerJob} items per job, as a poll brings them, ingest handles ${n0(b.ingest.itemsPerSec)} items/s: ` +
            `${n2((b.ingest.itemsPerSec / b.noop.jobsPerSec) * 100)}% of the no-op worker's jobs/s — items against jobs, ` +
            'so this is not the same comparison as the line above.',
        ]
      : []),
    `For comparison, analysis alone costs ${n0(a.msPer1000)} ms per 1,000 items (b), i.e. at most` +
      ` ${n0(1_000_000 / a.msPer1000)} items/s on one core before any Redis work` +
      '.',
    `Peak RSS of the process running the workers: ${n0(i.peakRssMb)} MB.`,
    '',
    '## (d) One poll cycle over feeds answering 304',
    '',
    `${n0(p.feeds)} feeds served by a local HTTP server; a first cycle fetches each once (200 + ETag), the`,
    `measured cycle sends \`If-None-Match\` and every feed answers 304. Poll workers at concurrency`,
    `${p.concurrency}. Reference: the same conditional GETs from a bare \`fetch\` loop at the same concurrency.`,
    '',
    '| | Feeds | Time | Feeds/s | 304s | Other answers |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| Bare \`fetch\` (reference) | ${n0(p.feeds)} | ${n2(p.bareFetch.ms / 1000)} s | ${n0(p.bareFetch.requestsPerSec)} | — | — |`,
    `| beatwatch poll cycle | ${n0(p.feeds)} | ${n2(p.cycle.ms / 1000)} s | ${n0(p.cycle.feedsPerSec)} | ${n0(p.cycle.notModified)} | ${n0(p.cycle.other)} |`,
    '',
    `The cycle (queueing, per-feed lock, feed state, SSRF-guarded fetch, health update) runs at ${n2(p.ratio * 100)}% of the bare request rate.`,
    `Peak RSS of the process running the poll workers: ${n0(p.peakRssMb)} MB.`,
    '',
    '## (e) Peak memory',
    '',
    '| Phase | Peak RSS |',
    '| --- | ---: |',
    `| Analysis of ${n0(a.items)} items (b) | ${n0(a.peakRssMb)} MB |`,
    `| Ingest workers (c) | ${n0(i.peakRssMb)} MB |`,
    `| Poll workers (d) | ${n0(p.peakRssMb)} MB |`,
    '',
    'RSS of the whole bench process (workers plus the harness and, in (d), the local HTTP server).',
    '',
    '## Running it',
    '',
    '```sh',
    'npm run bench                          # private redis-server, full sizes, rewrites this page',
    'npm run bench -- --redis-url redis://127.0.0.1:6379   # an existing Redis (keys under a unique prefix, removed)',
    'npm run bench -- --quick               # smaller sizes; writes .bench/ only',
    'npm run bench -- --from .bench/bench-….json   # rewrite this page from a saved run',
    '```',
    '',
    'The bench stops by itself and removes every key it wrote.',
    '',
  ];
  return lines.join('\n');
}

/** A few lines for the terminal. */
export function summaryLines(r: BenchResults): string[] {
  const { analyse: a, ingest: i, poll: p } = r;
  return [
    ...r.parse.map(
      (x) => `parse ${x.corpus}: ${n0(x.filesPerSec)} files/s, ${n1(x.mbPerSec)} MB/s (${x.refused} refused)`,
    ),
    `analyse: ${n0(a.msPer1000)} ms per 1,000 items (${n0(a.items)} items, peak RSS ${n0(a.peakRssMb)} MB)`,
    ...r.hotSpots.slice(0, 3).map((h) => `  hot: ${h.where} ${n1(h.share * 100)}%`),
    `ingest at concurrency ${r.ingestAtReference.concurrency}: ${n0(r.ingestAtReference.ingest.jobsPerSec)} jobs/s = ${n2(r.ingestAtReference.ratio * 100)}% of the no-op`,
    ...(r.ingestBatched
      ? [
          `ingest, ${r.ingestBatched.itemsPerJob} items per job: ${n0(r.ingestBatched.ingest.itemsPerSec)} items/s (${n0(r.ingestBatched.ingest.jobsPerSec)} jobs/s)`,
        ]
      : []),
    `ingest at concurrency ${i.concurrency}: ${n0(i.ingest.jobsPerSec)} jobs/s vs no-op ${n0(i.noop.jobsPerSec)} jobs/s = ${n2(i.ratio * 100)}% (target ≥ 50%), peak RSS ${n0(i.peakRssMb)} MB`,
    `poll: ${n0(p.feeds)} feeds in ${n2(p.cycle.ms / 1000)} s (${n0(p.cycle.feedsPerSec)}/s; ${p.cycle.notModified} × 304) vs bare fetch ${n0(p.bareFetch.requestsPerSec)}/s, peak RSS ${n0(p.peakRssMb)} MB`,
  ];
}
