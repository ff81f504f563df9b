/**
 * Loads the labelled development set (feeds + labels), runs the analysis pipeline and the
 * keyword baseline over it, and scores both. Shared by `npm run quality` (report.ts) and the
 * vitest gate (devset.test.ts), so both measure exactly the same thing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { type AnalysedItem, analyseBatch, type SourcedItem } from '../../src/analysis.js';
import { loadConfig } from '../../src/config/load.js';
import type { Topic } from '../../src/config/schema.js';
import { itemSource } from '../../src/feeds/outlet.js';
import { parseFeed } from '../../src/feeds/parse/index.js';
import type { LabelledStory } from '../../src/quality/cluster-fit.js';
import {
  type BaselineInput,
  checkLabels,
  type DevsetItem,
  type DevsetLabels,
  keywordBaseline,
  parseLabels,
  type QualityScores,
  scorePredictions,
} from '../../src/quality/index.js';

/** The project root (two levels above this file). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The development set: `feeds/*.xml` and `labels.yaml`. */
export const DEVSET_DIR = join(PROJECT_ROOT, 'test/fixtures/devset');
/**
 * Held-out sets, same layout and rules, written separately and kept out of tuning: their scores
 * estimate how the pipeline does on stories it was not tuned on. `test/fixtures/holdout` is the
 * held-out set proper (`npm run quality:holdout`); `holdout-2` beside the development set is a
 * second, smaller one; `test/fixtures/holdout-3`, `holdout-4` and `holdout-5` a third, a fourth and a
 * fifth, written blind to the pipeline's rules.
 */
export const HELD_OUT_DIRS: readonly string[] = [
  join(PROJECT_ROOT, 'test/fixtures/holdout'),
  join(DEVSET_DIR, 'holdout-2'),
  join(PROJECT_ROOT, 'test/fixtures/holdout-3'),
  join(PROJECT_ROOT, 'test/fixtures/holdout-4'),
  join(PROJECT_ROOT, 'test/fixtures/holdout-5'),
];

/** A failure to load or run the set, with a stable code and a message saying what to do. */
export class DevsetError extends Error {
  constructor(
    readonly code: 'QUALITY_DEVSET_UNREADABLE' | 'QUALITY_LABELS_INCONSISTENT' | 'QUALITY_PIPELINE_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DevsetError';
  }
}

/** The development set as read from disk. */
export interface Devset {
  topic: Topic;
  /** What the pipeline receives, in file order. */
  sourced: SourcedItem[];
  /** Every item in publication order (earliest first; ties by id). */
  items: DevsetItem[];
  labels: DevsetLabels;
  /** Label problems (should be empty; the gate fails otherwise). */
  labelProblems: string[];
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Reads the beat, the feeds and the labels. Throws {@link DevsetError} when one cannot be read. */
export function loadDevset(dir: string = DEVSET_DIR): Devset {
  let topic: Topic | undefined;
  try {
    const config = loadConfig({
      path: join(PROJECT_ROOT, 'config/default.yaml'),
      env: {},
      cwd: PROJECT_ROOT,
    });
    topic = config.topics.find((t) => t.id === 'cecot');
  } catch (err) {
    throw new DevsetError('QUALITY_DEVSET_UNREADABLE', `cannot load config/default.yaml: ${messageOf(err)}`, {
      cause: err,
    });
  }
  if (!topic) throw new DevsetError('QUALITY_DEVSET_UNREADABLE', 'config/default.yaml has no "cecot" topic');

  const feedDir = join(dir, 'feeds');
  const sourced: SourcedItem[] = [];
  for (const file of readdirSync(feedDir)
    .filter((f) => /\.(xml|atom|rss|json)$/.test(f))
    .sort()) {
    const path = join(feedDir, file);
    try {
      const feed = parseFeed(readFileSync(path));
      const source = { feedUrl: relative(PROJECT_ROOT, path), name: feed.title || file };
      for (const item of feed.items) sourced.push({ item, source: itemSource(item, source) });
    } catch (err) {
      throw new DevsetError('QUALITY_DEVSET_UNREADABLE', `cannot parse ${file}: ${messageOf(err)}`, {
        cause: err,
      });
    }
  }

  let labels: DevsetLabels;
  try {
    labels = parseLabels(parseYaml(readFileSync(join(dir, 'labels.yaml'), 'utf8')));
  } catch (err) {
    throw new DevsetError('QUALITY_DEVSET_UNREADABLE', `cannot read labels.yaml: ${messageOf(err)}`, {
      cause: err,
    });
  }

  const items = sourced
    .map(
      ({ item, source }): DevsetItem => ({
        id: item.id,
        title: item.title,
        published: item.published,
        source: source.name,
      }),
    )
    .sort((a, b) => timeOf(a.published) - timeOf(b.published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const labelProblems = checkLabels(labels, items, {
    metrics: topic.brief.metrics.map((m) => m.id),
    knownFacts: topic.brief.facts,
  });
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.id)) labelProblems.push(`${it.id}: the same id appears twice in the feeds`);
    seen.add(it.id);
  }
  return { topic, sourced, items, labels, labelProblems };
}

function timeOf(published: string | null): number {
  const ms = published ? Date.parse(published) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/** Runs `analyseBatch` over the set. Throws {@link DevsetError} when the pipeline throws. */
export function runBeatwatch(devset: Devset): AnalysedItem[] {
  try {
    return analyseBatch(devset.sourced, devset.topic);
  } catch (err) {
    throw new DevsetError(
      'QUALITY_PIPELINE_FAILED',
      `the analysis pipeline (analyseBatch in src/analysis.ts) failed on the development set: ${messageOf(err)}`,
      { cause: err },
    );
  }
}

/** Runs the keyword baseline over the set, in publication order. */
export function runBaseline(devset: Devset): ReturnType<typeof keywordBaseline> {
  const byId = new Map(devset.sourced.map((s) => [s.item.id, s.item]));
  const inputs: BaselineInput[] = devset.items.map((it) => {
    const item = byId.get(it.id)!;
    return { id: item.id, title: item.title, summary: item.summary, content: item.content, link: item.link };
  });
  return keywordBaseline(inputs);
}

/** Both scores of one run. */
export interface QualityRun {
  devset: Devset;
  baseline: QualityScores;
  /** Null when the pipeline failed; `error` then says why. */
  beatwatch: QualityScores | null;
  error: DevsetError | null;
}

/** The held-out sets that are present (those with a labels file). */
export function heldOutDirs(): string[] {
  return HELD_OUT_DIRS.filter((dir) => existsSync(join(dir, 'labels.yaml')));
}

/** Loads the set and scores the baseline and the pipeline. Only loading errors are thrown. */
export function runQuality(dir: string = DEVSET_DIR): QualityRun {
  const devset = loadDevset(dir);
  const baseline = scorePredictions(devset.labels, devset.items, runBaseline(devset));
  try {
    const predictions = runBeatwatch(devset);
    return {
      devset,
      baseline,
      beatwatch: scorePredictions(devset.labels, devset.items, predictions),
      error: null,
    };
  } catch (err) {
    if (err instanceof DevsetError) return { devset, baseline, beatwatch: null, error: err };
    throw err;
  }
}

/**
 * The set's stories on the beat that are not copies, in publication order, with their labelled
 * clusters: the stories the analyser clusters, as the labels say they should be.
 */
export function labelledStories(devset: Devset): LabelledStory[] {
  const byId = new Map(devset.sourced.map((s) => [s.item.id, s.item]));
  return devset.items.flatMap((it) => {
    const label = devset.labels.items.get(it.id)!;
    return label.relevant && label.duplicateOf === null && label.cluster
      ? [{ item: byId.get(it.id)!, cluster: label.cluster }]
      : [];
  });
}
