/** The service's timings, their defaults and their checks. */
import { ServiceError } from './errors.js';

/** Timings; the defaults suit production, tests shorten them. */
export interface ServiceTimings {
  /** BullMQ job lock; a worker that stops renewing it (killed) loses the job after this long. */
  lockDurationMs: number;
  /** How often BullMQ looks for stalled jobs (those whose worker died). */
  stalledIntervalMs: number;
  /** Stalls a job may survive before it is failed; high, because a stall is not the job's fault. */
  maxStalledCount: number;
  /** Per-feed fetch lock TTL (kept alive while fetching). */
  feedLockMs: number;
  /** Per-beat ingest lock TTL (kept alive while ingesting). */
  ingestLockMs: number;
  /** How long an ingest job waits for its beat's lock before it is retried. */
  ingestWaitMs: number;
  /** Delivery in-flight marker TTL (kept alive while posting). */
  markerTtlMs: number;
  attempts: number;
  backoffMs: number;
  /** Poll every feed at this interval instead of the configured one (tests, the demo). */
  pollIntervalMs?: number;
}

export const DEFAULT_TIMINGS: ServiceTimings = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 10,
  feedLockMs: 60_000,
  ingestLockMs: 15_000,
  ingestWaitMs: 10_000,
  markerTtlMs: 60_000,
  attempts: 8,
  backoffMs: 2_000,
};

/** Defaults spread under the caller's values, then checked; the message names the bad option. */
export function resolveTimings(given: Partial<ServiceTimings> = {}): ServiceTimings {
  const timings: ServiceTimings = { ...DEFAULT_TIMINGS, ...given };
  checkTimings(timings);
  return timings;
}

function checkTimings(t: ServiceTimings): void {
  for (const [k, v] of Object.entries(t)) {
    if (v !== undefined && !(typeof v === 'number' && v > 0)) {
      throw new ServiceError(
        'SERVICE_OPTIONS',
        `timings.${k} must be a number greater than 0 (got ${String(v)})`,
      );
    }
  }
}
