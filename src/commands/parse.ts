/**
 * `beatwatch parse <file|url>... [--json]`: parses each source and prints what a feed holds.
 * With `--json`, one JSON object per source and per line, in the order given (the contract in
 * PRODUCT.md). A source that cannot be read or parsed is reported with `ok: false` and the
 * command goes on; it exits 0 once every source has been reported.
 */
import type { Command } from 'commander';
import type { FeedFetcher } from '../feeds/fetch/types.js';
import { type FeedSourceResult, isUrlSource, readFeedSource } from '../feeds/source.js';

/** How many sources are read at once: files are cheap, but URLs should not all start together. */
const CONCURRENCY = 8;

interface ParseOptions {
  json?: boolean;
  config?: string;
}

/** The JSON line for one source (the `parse --json` contract, plus a few extra fields). */
export function toJsonLine(r: FeedSourceResult): string {
  if (!r.ok) return JSON.stringify({ source: r.source, ok: false, error: r.error, feed: null, items: [] });
  const { feed } = r;
  return JSON.stringify({
    source: r.source,
    ok: true,
    feed: { title: feed.title, link: feed.link, format: feed.format, language: feed.language },
    items: feed.items.map((i) => ({
      id: i.id,
      title: i.title,
      link: i.link,
      published: i.published,
      updated: i.updated,
      author: i.author,
      summary: i.summary,
      language: i.language,
      ...(i.outlet ? { outlet: i.outlet } : {}),
    })),
  });
}

/** A short human-readable report of one source. */
export function toText(r: FeedSourceResult): string {
  if (!r.ok) return `${r.source}\n  error: ${r.error}\n`;
  const { feed } = r;
  const lines = [
    `${r.source}`,
    `  ${feed.title || '(untitled)'} — ${feed.format}, ${feed.items.length} item${feed.items.length === 1 ? '' : 's'}${feed.link ? ` — ${feed.link}` : ''}`,
  ];
  for (const i of feed.items) {
    const date = i.published ? i.published.slice(0, 10) : '----------';
    lines.push(`  ${date}  ${i.title || '(untitled)'}`);
    if (i.link) lines.push(`              ${i.link}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Builds a fetcher from the configuration, only when some source is a URL (it costs start-up).
 * A configuration that cannot be loaded does not stop the files from being parsed: the URLs
 * are then reported as failed, with the reason.
 */
async function fetcherFor(
  sources: readonly string[],
  configPath?: string,
): Promise<{ fetcher?: FeedFetcher; problem?: string }> {
  if (!sources.some(isUrlSource)) return {};
  try {
    const [{ loadConfig }, { createFeedFetcher }] = await Promise.all([
      import('../config/load.js'),
      import('../feeds/fetch/index.js'),
    ]);
    return { fetcher: createFeedFetcher(loadConfig({ path: configPath }).fetch) };
  } catch (err) {
    return { problem: `cannot fetch URLs: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Reads every source (a few at a time) and prints each result in input order as soon as it can. */
export async function runParse(
  sources: readonly string[],
  opts: ParseOptions,
  write: (s: string) => void,
): Promise<void> {
  const { fetcher, problem } = await fetcherFor(sources, opts.config);
  const read = (source: string): Promise<FeedSourceResult> =>
    problem !== undefined && isUrlSource(source)
      ? Promise.resolve({ source, ok: false, error: problem })
      : readFeedSource(source, fetcher ? { fetcher } : {});
  try {
    const results: (FeedSourceResult | undefined)[] = new Array(sources.length);
    let next = 0;
    let printed = 0;
    const flush = (): void => {
      let out = '';
      while (printed < sources.length && results[printed] !== undefined) {
        const r = results[printed]!;
        out += opts.json ? `${toJsonLine(r)}\n` : toText(r);
        // Printed slots are never looked at again; drop the parsed feed.
        results[printed] = undefined;
        printed++;
      }
      if (out !== '') write(out);
    };
    const worker = async (): Promise<void> => {
      while (next < sources.length) {
        const index = next++;
        results[index] = await read(sources[index]!);
        flush();
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, sources.length) }, worker));
    flush();
  } finally {
    await fetcher?.close();
  }
}

export function registerParseCommand(program: Command): void {
  program
    .command('parse')
    .description('Parse RSS, Atom or JSON feeds (files or URLs) and print their items')
    .argument('<sources...>', 'feed files or http(s) URLs')
    .option('--json', 'one JSON object per source, one per line')
    .option(
      '-c, --config <file>',
      'config file for fetch settings (default: $BEATWATCH_CONFIG or config/default.yaml)',
    )
    .action(async (sources: string[], opts: ParseOptions) => {
      await runParse(sources, opts, (s) => process.stdout.write(s));
    });
}
