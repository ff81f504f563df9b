/**
 * `beatwatch analyze <file|url>... [--topic <id>] [--json]`: the whole analysis of some feeds, in
 * memory (no Redis, nothing stored). With `--json`, one JSON document (the contract in PRODUCT.md)
 * with the items of every source in publication order; without it, a table a person can read.
 * A source that cannot be read is reported on stderr and the others are still analysed.
 */
import type { Command } from 'commander';
import { type AnalysedItem, analyseBatch, type SourcedItem } from '../analysis.js';
import { loadConfig } from '../config/load.js';
import type { Config, Topic } from '../config/schema.js';
import type { FeedFetcher } from '../feeds/fetch/types.js';
import { itemSource } from '../feeds/outlet.js';
import { type FeedSourceResult, isUrlSource, readFeedSource } from '../feeds/source.js';

/** Sources read at once. */
const CONCURRENCY = 8;

export interface AnalyzeOptions {
  json?: boolean;
  topic?: string;
  config?: string;
}

/** Where the command writes; tests pass their own. */
export interface AnalyzeIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Loads the configuration; defaults to `loadConfig({ path })`. */
  loadConfig?: (path?: string) => Config;
  /** Fetcher for URL sources; defaults to one built from the configuration's fetch settings. */
  fetcher?: FeedFetcher;
}

/**
 * One item of the `analyze --json` document: the contract's fields, and `joinedBecause` (why the
 * item joined an earlier story's cluster, or null).
 */
export function toJsonItem(a: AnalysedItem): Record<string, unknown> {
  return {
    id: a.id,
    title: a.title,
    link: a.link,
    published: a.published,
    relevant: a.relevant,
    score: a.score,
    matched: a.matched,
    duplicateOf: a.duplicateOf,
    cluster: a.cluster,
    claims: a.claims.map((c) => ({
      metric: c.metric,
      value: c.value,
      qualifier: c.qualifier,
      text: c.text,
      ...(c.attributedTo ? { attributedTo: c.attributedTo } : {}),
    })),
    factChanges: a.factChanges,
    summary: a.summary,
    joinedBecause: a.joinedBecause ?? null,
  };
}

/** The `analyze --json` document. */
export function toJsonDocument(topicId: string, items: readonly AnalysedItem[]): string {
  return `${JSON.stringify({ topic: topicId, items: items.map(toJsonItem) }, null, 2)}\n`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

function claimText(a: AnalysedItem): string {
  return a.factChanges
    .map((c) => {
      const known = c.known?.value != null ? ` vs ${c.known.value}` : '';
      const from = c.reported.attributedTo ? ` (${c.reported.attributedTo})` : '';
      return `${c.metric}=${c.reported.value}${from} ${c.status}${c.status === 'differs' ? known : ''}`;
    })
    .join('; ');
}

/** The readable table: one block per item, clusters numbered in order of first appearance. */
export function toTable(topic: Topic, items: readonly AnalysedItem[], sourcesRead: number): string {
  const clusterNo = new Map<string, number>();
  const clusterSize = new Map<string, number>();
  for (const a of items) clusterSize.set(a.cluster, (clusterSize.get(a.cluster) ?? 0) + 1);
  const relevant = items.filter((a) => a.relevant).length;
  const duplicates = items.filter((a) => a.duplicateOf !== null).length;
  const stories = new Set(items.filter((a) => a.relevant).map((a) => a.cluster)).size;
  const lines = [
    `${topic.name}`,
    `${items.length} item${items.length === 1 ? '' : 's'} from ${sourcesRead} source${sourcesRead === 1 ? '' : 's'}: ` +
      `${relevant} on the beat, ${duplicates} duplicate${duplicates === 1 ? '' : 's'}, ${stories} stor${stories === 1 ? 'y' : 'ies'}`,
    '',
    `${pad('date', 10)}  ${pad('beat', 4)}  ${pad('score', 5)}  ${pad('story', 8)}  ${pad('duplicate', 9)}  title`,
  ];
  for (const a of items) {
    if (!clusterNo.has(a.cluster)) clusterNo.set(a.cluster, clusterNo.size + 1);
    const n = clusterNo.get(a.cluster)!;
    const story =
      clusterSize.get(a.cluster)! > 1 ? `#${n}${a.followUp ? '+' : ''}` : a.relevant ? `#${n}` : '-';
    const dup = a.duplicateOf ? 'copy' : '';
    lines.push(
      `${pad(a.published ? a.published.slice(0, 10) : '', 10)}  ${pad(a.relevant ? 'yes' : 'no', 4)}  ` +
        `${pad(a.score.toFixed(2), 5)}  ${pad(story, 8)}  ${pad(dup, 9)}  ${a.title || '(untitled)'}`,
    );
    if (a.relevant && !a.duplicateOf) {
      if (a.summary && a.summary !== a.title) lines.push(`${' '.repeat(12)}${a.summary}`);
      const claims = claimText(a);
      if (claims) lines.push(`${' '.repeat(12)}figures: ${claims}`);
      for (const w of a.whatChanged) lines.push(`${' '.repeat(12)}changed: ${w}`);
    }
    if (a.duplicateOf) lines.push(`${' '.repeat(12)}copy of ${a.duplicateOf}`);
    const why = a.joinedBecause;
    if (why) {
      const { support } = why;
      const overCluster =
        support.reports > 1
          ? `; ${support.probability.toFixed(2)} over its cluster's ${support.reports} latest reports`
          : '';
      lines.push(
        `${' '.repeat(12)}joined ${why.item} (p ${why.probability.toFixed(2)}${overCluster}): ${why.evidence.join(', ')}`,
      );
    }
  }
  lines.push(
    '',
    "story: '#n' is a story cluster, '+' a follow-up joining it; 'copy' a duplicate of an earlier item.",
  );
  return `${lines.join('\n')}\n`;
}

function pickTopic(config: Config, id: string | undefined): Topic {
  if (config.topics.length === 0) throw new Error('the configuration has no topics');
  if (!id) return config.topics[0]!;
  const topic = config.topics.find((t) => t.id === id);
  if (!topic) {
    throw new Error(`unknown topic "${id}" (known: ${config.topics.map((t) => t.id).join(', ')})`);
  }
  return topic;
}

/** Reads every source, a few at a time; results in input order. */
async function readAll(sources: readonly string[], fetcher?: FeedFetcher): Promise<FeedSourceResult[]> {
  const results: FeedSourceResult[] = new Array(sources.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sources.length) {
      const i = next++;
      results[i] = await readFeedSource(sources[i]!, fetcher ? { fetcher } : {});
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, sources.length) }, worker));
  return results;
}

/**
 * Runs `analyze`. Returns the exit code: 0 when at least one source was read (every unreadable
 * one is reported on `err`), 1 when none could be.
 */
export async function runAnalyze(
  sources: readonly string[],
  opts: AnalyzeOptions,
  io: AnalyzeIo,
): Promise<number> {
  const config = io.loadConfig ? io.loadConfig(opts.config) : loadConfig({ path: opts.config });
  const topic = pickTopic(config, opts.topic);

  let fetcher = io.fetcher;
  let ownFetcher = false;
  if (!fetcher && sources.some(isUrlSource)) {
    const { createFeedFetcher } = await import('../feeds/fetch/index.js');
    fetcher = createFeedFetcher(config.fetch);
    ownFetcher = true;
  }
  let results: FeedSourceResult[];
  try {
    results = await readAll(sources, fetcher);
  } finally {
    if (ownFetcher) await fetcher?.close();
  }

  const inputs: SourcedItem[] = [];
  let read = 0;
  for (const r of results) {
    if (!r.ok) {
      io.err(`beatwatch analyze: ${r.source}: ${r.error}\n`);
      continue;
    }
    read++;
    const name = r.feed.title || r.source;
    for (const item of r.feed.items)
      inputs.push({ item, source: itemSource(item, { feedUrl: r.source, name }) });
  }
  const items = analyseBatch(inputs, topic);
  io.out(opts.json ? toJsonDocument(topic.id, items) : toTable(topic, items, read));
  return read > 0 || sources.length === 0 ? 0 : 1;
}

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('Analyse feeds for a beat: relevance, duplicates, story clusters, figures, summaries')
    .argument('<sources...>', 'feed files or http(s) URLs')
    .option('-t, --topic <id>', 'topic to analyse for (default: the first topic in the configuration)')
    .option('--json', 'one JSON document with every item, in publication order')
    .option('-c, --config <file>', 'main config file (default: $BEATWATCH_CONFIG or config/default.yaml)')
    .action(async (sources: string[], opts: AnalyzeOptions) => {
      process.exitCode = await runAnalyze(sources, opts, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
      });
    });
}
