/**
 * One lane per beat inside a worker process: jobs of a beat run in arrival order from an
 * in-memory queue (no Redis polling between them); the jobs waiting when the lane is free are
 * handed over together as one batch (group commit: one read and one write for all of them). The
 * beat's Redis ingest lock — needed
 * only to exclude other processes — is held as a lease across every job that is waiting, not
 * taken and released per job. The lease is given back when the lane runs dry, or after
 * `maxHoldMs` of continuous holding, when the lane pauses briefly so that a worker in another
 * process waiting for the beat can take it.
 *
 * The lease carries the lock's owner token; every write made under it is fenced with that token
 * (the store's scripts check it), so a lease lost while the process was paused writes nothing.
 */
import type { HeldLock } from '../../store/lock.js';

/** The lease a job runs under; `fresh` is true for the first job after the lease was (re)taken. */
export interface BeatLease {
  readonly lock: HeldLock;
  /** True when this is the first job since the lock was taken: other processes may have written. */
  readonly fresh: boolean;
}

export interface BeatLanesOptions {
  /** Takes the beat's lock (waiting for it a while); null when another process kept it. */
  acquire(topic: string): Promise<HeldLock | null>;
  /** Longest continuous hold before the lease is offered to other processes. */
  maxHoldMs: number;
  /** Pause after giving a long-held lease back, so a waiting process can take it. */
  yieldMs: number;
  /**
   * How long a lane that ran dry keeps the lease for the next job (BullMQ hands jobs over a
   * moment apart); saves giving the lock back, taking it again and re-reading the record stream.
   */
  lingerMs: number;
  /**
   * After a lingering lane is woken, how long it waits for more jobs to join the batch (only when
   * the last batch held more than one job).
   */
  gatherMs?: number;
  now?: () => number;
}

/** Thrown when the beat's ingest lock could not be had or was lost: the job is retried. */
export class IngestLockError extends Error {
  readonly code = 'INGEST_LOCK';
}

interface Pending<J, R> {
  job: J;
  /** Its share of the batch size limit (an ingest job's item count). */
  weight: number;
  resolve(value: R): void;
  reject(err: unknown): void;
}

interface Lane<J, R> {
  queue: Array<Pending<J, R>>;
  running: boolean;
  /** Set while the lane lingers on an idle lease: wakes it when a job arrives. */
  wake: (() => void) | null;
}

export interface BeatLanesRunner<J, R> {
  /**
   * Runs a batch of jobs (in arrival order) under the lease; one settled result per job. If it
   * throws, or any job failed, the lease is given back (a failure may come from a lost lock) and
   * the next batch takes a fresh one; if it throws, every job of the batch gets the error.
   */
  runBatch(topic: string, lease: BeatLease, jobs: J[]): Promise<Array<PromiseSettledResult<R>>>;
  /** Largest total weight of one batch; a single heavier job still runs, alone. */
  maxBatchWeight: number;
}

/** Per-beat lanes of one process. */
export interface BeatLanes<J, R> {
  /** Queues a job behind the beat's earlier jobs in this process; resolves with its result. */
  submit(topic: string, job: J, weight: number): Promise<R>;
}

export function createBeatLanes<J, R>(options: BeatLanesOptions & BeatLanesRunner<J, R>): BeatLanes<J, R> {
  const now = options.now ?? Date.now;
  const lanes = new Map<string, Lane<J, R>>();

  /** The next batch: queued jobs in order, up to the weight limit (at least one). */
  function take(lane: Lane<J, R>): Array<Pending<J, R>> {
    const batch: Array<Pending<J, R>> = [];
    let weight = 0;
    while (lane.queue.length > 0) {
      const next = lane.queue[0]!;
      if (batch.length > 0 && weight + next.weight > options.maxBatchWeight) break;
      batch.push(next);
      weight += next.weight;
      lane.queue.shift();
    }
    return batch;
  }

  async function drain(topic: string, lane: Lane<J, R>): Promise<void> {
    let lock: HeldLock | null = null;
    let heldSince = 0;
    let fresh = false;
    let lastBatch = 0;
    const giveBack = async (): Promise<void> => {
      const held = lock;
      lock = null;
      if (held) await held.release();
    };
    try {
      for (;;) {
        let batch = take(lane);
        if (batch.length === 0 && lock) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, options.lingerMs);
            lane.wake = () => {
              // Jobs that BullMQ hands over together arrive a moment apart: gather them.
              clearTimeout(timer);
              lane.wake = null;
              // Only when jobs have been coming in groups: a lone job is not kept waiting.
              if (lastBatch > 1 && options.gatherMs) setTimeout(resolve, options.gatherMs);
              else setImmediate(resolve);
            };
          });
          lane.wake = null;
          batch = take(lane);
        }
        if (batch.length === 0) break;
        lastBatch = batch.length;
        if (lock && (lock.lost || now() - heldSince >= options.maxHoldMs)) {
          const long = !lock.lost;
          await giveBack();
          if (long) await new Promise((r) => setTimeout(r, options.yieldMs));
        }
        if (!lock) {
          try {
            lock = await options.acquire(topic);
          } catch (err) {
            for (const p of batch) p.reject(err);
            continue;
          }
          if (!lock) {
            // Another process holds the beat: these jobs and every one queued behind them go
            // back to BullMQ for a retry rather than waiting here without bound.
            const err = new IngestLockError(
              `beat "${topic}" is being ingested by another worker; will retry`,
            );
            for (const p of [...batch, ...lane.queue.splice(0)]) p.reject(err);
            break;
          }
          heldSince = now();
          fresh = true;
        }
        try {
          const results = await options.runBatch(
            topic,
            { lock, fresh },
            batch.map((p) => p.job),
          );
          fresh = false;
          if (results.some((r) => r.status === 'rejected')) await giveBack();
          batch.forEach((p, i) => {
            const r = results[i]!;
            if (r.status === 'fulfilled') p.resolve(r.value);
            else p.reject(r.reason);
          });
        } catch (err) {
          await giveBack();
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      await giveBack();
      lane.running = false;
      // A job may have arrived while the lease was being released.
      if (lane.queue.length > 0) start(topic, lane);
    }
  }

  function start(topic: string, lane: Lane<J, R>): void {
    lane.running = true;
    void drain(topic, lane);
  }

  return {
    submit(topic, job, weight) {
      const lane = lanes.get(topic) ?? { queue: [], running: false, wake: null };
      lanes.set(topic, lane);
      const promise = new Promise<R>((resolve, reject) => {
        lane.queue.push({ job, weight, resolve, reject });
      });
      if (!lane.running) start(topic, lane);
      else lane.wake?.();
      return promise;
    },
  };
}
