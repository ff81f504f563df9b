/**
 * Analysis cost: synthetic items through one analyser (`createAnalyser`, the analysis's public
 * function) on this thread, i.e. one core, with the process's CPU time beside the wall time.
 */
import { createAnalyser } from '../src/analysis.js';
import type { Topic } from '../src/config/schema.js';
import { MB, trackPeakRss } from './memory.js';
import { syntheticItems } from './synthetic.js';

/** One analysis run: speed, how cost grows with the index, and what the analysis found. */
export interface AnalyseResult {
  items: number;
  ms: number;
  msPer1000: number;
  itemsPerSec: number;
  /** Items per second of this process's CPU time (every thread: the collector's count too). */
  itemsPerCpuSec: number;
  /** ms for the first and the last 1,000 items: how cost grows with the index. */
  firstThousandMs: number;
  lastThousandMs: number;
  relevant: number;
  duplicates: number;
  followUps: number;
  clusters: number;
  peakRssMb: number;
}

/** Analyses `count` synthetic items through one analyser on this thread, timing each 1,000. */
export function benchAnalyse(topic: Topic, count: number): AnalyseResult {
  const items = syntheticItems(count);
  const analyser = createAnalyser(topic);
  const rss = trackPeakRss();
  const blocks: number[] = [];
  let relevant = 0;
  let duplicates = 0;
  let followUps = 0;
  const clusters = new Set<string>();
  const cpu = process.cpuUsage();
  const start = performance.now();
  let blockStart = start;
  items.forEach((input, i) => {
    const { item } = analyser.analyse(input);
    if (item.relevant) {
      relevant += 1;
      clusters.add(item.cluster);
    }
    if (item.duplicateOf !== null) duplicates += 1;
    if (item.followUp) followUps += 1;
    if ((i + 1) % 1000 === 0 || i === items.length - 1) {
      const now = performance.now();
      blocks.push(now - blockStart);
      blockStart = now;
    }
  });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return {
    items: count,
    ms,
    msPer1000: ms / (count / 1000),
    itemsPerSec: count / (ms / 1000),
    itemsPerCpuSec: count / ((used.user + used.system) / 1e6),
    firstThousandMs: blocks[0] ?? ms,
    lastThousandMs: blocks.at(-1) ?? ms,
    relevant,
    duplicates,
    followUps,
    clusters: clusters.size,
    peakRssMb: rss.stop() / MB,
  };
}
