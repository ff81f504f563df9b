/**
 * What `/healthz` says. `unhealthy` (503) when the process cannot do its work: Redis down, still
 * starting, a worker loop stopped. `degraded` (200: restarting the process would not help) when
 * every feed of a beat is failing or paused, so the beat hears nothing. `ok` otherwise.
 */
import type { FeedState } from '../store/types.js';
import type { RedisLink } from './redis-link.js';
import { feedHealth } from './sources.js';

export type HealthStatus = 'ok' | 'degraded' | 'unhealthy';

/** A beat's feeds by health. */
export interface BeatFeeds {
  feeds: number;
  failing: number;
  paused: number;
}

/** The body of `/healthz`. */
export interface HealthReport {
  status: HealthStatus;
  redis: 'up' | 'down';
  roles: string[];
  workers: { running: number; total: number };
  /** Per beat, when Redis could be read. */
  beats?: Record<string, BeatFeeds>;
  /** Why the process is unhealthy. */
  down?: string[];
  /** Why it is degraded. */
  degraded?: string[];
}

/** What the health is judged from; `feeds` is null when Redis could not be read. */
export interface HealthInput {
  redisUp: boolean;
  /** True until start-up has finished (Redis reached, workers running). */
  starting: boolean;
  roles: readonly string[];
  workersRunning: number;
  workersTotal: number;
  topics: readonly string[];
  feeds: readonly FeedState[] | null;
}

/** Judges the health of the process from what it could read. */
export function assessHealth(input: HealthInput): HealthReport {
  const down: string[] = [];
  if (!input.redisUp) down.push('redis');
  if (input.starting) down.push('starting');
  else if (input.workersRunning < input.workersTotal)
    down.push(`workers (${input.workersRunning} of ${input.workersTotal} running)`);
  const report: HealthReport = {
    status: 'ok',
    redis: input.redisUp ? 'up' : 'down',
    roles: [...input.roles],
    workers: { running: input.workersRunning, total: input.workersTotal },
  };
  const degraded: string[] = [];
  if (input.feeds) {
    const beats: Record<string, BeatFeeds> = {};
    for (const topic of input.topics) beats[topic] = { feeds: 0, failing: 0, paused: 0 };
    for (const state of input.feeds) {
      const beat = beats[state.topic];
      if (!beat) continue;
      const { status } = feedHealth(state);
      beat.feeds += 1;
      if (status === 'failing') beat.failing += 1;
      if (status === 'paused') beat.paused += 1;
    }
    for (const [topic, beat] of Object.entries(beats)) {
      if (beat.feeds > 0 && beat.failing + beat.paused === beat.feeds)
        degraded.push(`every feed of beat ${topic} is failing or paused`);
    }
    report.beats = beats;
  }
  if (down.length > 0) {
    report.status = 'unhealthy';
    report.down = down;
  } else if (degraded.length > 0) {
    report.status = 'degraded';
  }
  if (degraded.length > 0) report.degraded = degraded;
  return report;
}

export interface HealthCheckDeps {
  link: RedisLink;
  listFeeds(): Promise<FeedState[]>;
  roles: readonly string[];
  topics: readonly string[];
  /** The workers as they are now (none while starting). */
  workers(): ReadonlyArray<{ isRunning(): boolean }>;
  started(): boolean;
}

/** A health check that answers within the link's read deadline, whatever Redis does. */
export function createHealthCheck(deps: HealthCheckDeps): () => Promise<HealthReport> {
  return async () => {
    const redisUp = await deps.link.answers();
    const feeds = redisUp ? await deps.link.read(deps.listFeeds).catch(() => null) : null;
    const workers = deps.workers();
    return assessHealth({
      redisUp,
      starting: !deps.started(),
      roles: deps.roles,
      workersRunning: workers.filter((w) => w.isRunning()).length,
      workersTotal: workers.length,
      topics: deps.topics,
      feeds,
    });
  };
}
