/** The benchmark's results as the Markdown page `docs/BENCHMARKS.md` and as console lines. */
import { ms, n0, n1, n2, results } from './format.js';
import { capacitySection } from './report-capacity.js';
import { missesSection } from './report-misses.js';
import {
  analysisAndParseSection,
  latencySection,
  memorySection,
  overheadSection,
  pollSection,
} from './report-sections.js';
import { type BenchResults, TARGETS } from './results.js';
import { unitCostsOf } from './unit-costs.js';

/** The results' types, for callers of the page. */
export type { BenchEnvironment, BenchResults, Measured } from './results.js';

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
    ...missesSection(r),
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
    'Before the memory figure the full run builds `dist/` when it is older than `src/` (the figure runs the',
    'installed command), and it does not rewrite this page when a memory run ran anything else or the probe',
    "could not read the analysis thread's heap. It stops by itself and removes every key it wrote; on a",
    "shared Redis, other clients' work counts in the Redis unit costs.",
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
