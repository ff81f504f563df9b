/** What one `npm run bench` measured: the shape of `.bench/*.json`, and the targets. */
import type { AnalyseResult } from './analyse.js';
import type { LatencyResult } from './latency.js';
import type { OverheadResult } from './overhead.js';
import type { ParseResult } from './parse.js';
import type { PollResult } from './poll.js';
import type { ServiceMemoryRun } from './service-memory.js';

/** The machine and the run. */
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

/** Every figure's runs; a figure not measured (`--only`) has none. */
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
