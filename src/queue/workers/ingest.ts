/**
 * The `ingest` job: new items of one feed through the analysis core, stored, and alerts queued.
 *
 * Consistency across workers: a beat's index (duplicates, clusters) is one sequence. Ingest for a
 * beat runs under the beat's Redis lock, held as a lease across the jobs queued in this process
 * (`beat-lease.ts`); whenever the lease is (re)taken, the worker's analyser replays every
 * StoryRecord other workers appended to the beat's record log since it last looked. So whichever
 * worker takes an item, it sees exactly the records that came before it, as a single worker would.
 * Every write is fenced with the lease's token, so a worker that lost the lease writes nothing.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AlertReason } from '../../alerts/stored.js';
import type { AnalysedItem, StoryRecord } from '../../analysis.js';
import type { AnalysisEngine, AnalysisStep } from '../../analysis-engine/engine.js';
import type { Message } from '../../chat/core/message.js';
import type { KnownFact, Topic } from '../../config/schema.js';
import { itemSource } from '../../feeds/outlet.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../service/metrics.js';
import type { FollowLimits } from '../../store/follow-store.js';
import type { Stores } from '../../store/index.js';
import { storeKeys } from '../../store/keys.js';
import { waitForKeptLock } from '../../store/lock.js';
import type { FactReport, StoredStory } from '../../store/types.js';
import type { DeliverJob } from '../jobs/deliver.js';
import { type IngestJob, ingestJobSchema } from '../jobs/ingest.js';
import { planAlerts } from './alert-plan.js';
import { type BeatLease, createBeatLanes, IngestLockError } from './beat-lease.js';

export type { AlertReason };

export interface IngestDeps {
  redis: Redis;
  prefix: string;
  stores: Stores;
  topics: ReadonlyMap<string, Topic>;
  /** Where the beats' analysers run (this thread or their own). */
  engine: AnalysisEngine;
  /** Builds the alert message for a story (with the earlier stories of its cluster). */
  buildAlert(story: StoredStory, topic: Topic, earlier: StoredStory[], reason: AlertReason): Message;
  /** Destination ids subscribed to a beat and not paused (immediate alerts of new clusters). */
  destinationsFor(topic: string): Promise<string[]>;
  /** Adds a deliver job; `delayMs` holds it back (quiet hours, the end of a roll-up's hour). */
  enqueueDeliver(job: DeliverJob, jobId: string, delayMs?: number): Promise<void>;
  /** How calm follows' alerts are kept. */
  followLimits: FollowLimits;
  /** TTL of the per-beat ingest lock (kept alive while the job runs). */
  ingestLockMs: number;
  /** How long to wait for the ingest lock before giving the job back for a retry. */
  ingestWaitMs: number;
  /** Stories published longer ago than this leave the analyser's index (`retention.days`). */
  retentionMs: number;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
  /** The clock of follow decisions (the hour a follow's cap counts in) and quiet hours; default `now`. */
  followClock?: () => number;
}

export { IngestLockError };

/**
 * Longest continuous hold of a beat's lease by one process before it is offered to the others.
 * Long enough that a busy beat's jobs share one lease, short enough that another process's jobs
 * for the beat (which wait `ingestWaitMs` for it) are not starved.
 */
const MAX_LEASE_HOLD_MS = 2_000;

/** Most items analysed and written as one batch (one script call; it bounds how long it runs). */
const MAX_BATCH_ITEMS = 500;

/** Stable key of a story: the feed it came from and the item's id. */
export function storyKey(feedUrl: string, itemId: string): string {
  return createHash('sha1').update(`${feedUrl}\n${itemId}`).digest('hex').slice(0, 20);
}

/** Job id of one delivery, stable across retries and workers (BullMQ ignores a second add). */
export function deliverJobId(destinationId: string, deliveryKey: string): string {
  return `deliver-${createHash('sha1').update(`${destinationId}\n${deliveryKey}`).digest('hex').slice(0, 24)}`;
}

/**
 * The outlet of a story, for "independent outlet" decisions: the host of the outlet's site when
 * the item names its outlet (an aggregator's link is the aggregator's), else of the link, else
 * the feed's name.
 */
export function outletOf(item: AnalysedItem): string {
  for (const url of [item.source.outletUrl, item.link]) {
    if (!url) continue;
    try {
      return new URL(url).hostname.replace(/^www\./, '');
    } catch {
      // try the next one
    }
  }
  return item.source.name;
}

/** Whether a story may be alerted: published at or after `cutoffMs`, or undated. */
function isRecent(item: AnalysedItem, cutoffMs: number | undefined): boolean {
  const ms = Date.parse(item.published ?? '');
  return cutoffMs === undefined || Number.isNaN(ms) || ms >= cutoffMs;
}

/**
 * After an ingest job failed for good: marks its items that were not stored unseen again (with
 * the feed's validators dropped), so the feed's next poll hands them over anew instead of their
 * being lost. Never throws: a failure here is logged, and the items wait for retention.
 */
export async function releaseUnstoredItems(
  deps: { stores: Pick<Stores, 'feeds' | 'stories'>; logger: Logger },
  data: unknown,
): Promise<void> {
  const parsed = ingestJobSchema.safeParse(data);
  // Data that does not parse names no items to release (the job failed for that very reason).
  if (!parsed.success) return;
  const { topic, feedUrl, items } = parsed.data;
  try {
    const stored = await deps.stores.stories.getMany(
      topic,
      items.map((item) => storyKey(feedUrl, item.id)),
    );
    const lost = items.filter((_, i) => stored[i] === null).map((item) => item.id);
    if (lost.length === 0) return;
    await deps.stores.feeds.markUnseen(feedUrl, lost);
    deps.logger.warn(
      { feed: feedUrl, topic, items: lost.length },
      'ingest failed for good; the next poll of the feed hands its items over again',
    );
  } catch (err) {
    deps.logger.warn({ err, feed: feedUrl, topic }, 'could not mark the items of a failed ingest unseen');
  }
}

/** What this process knows of the beat's analyser in the engine. */
interface BeatState {
  lastRecordId: string;
  factsVersion: number;
  forgotAtMs: number;
  /** The known facts as stored, as last read or written here; null when the brief's stood in. */
  storedFacts: KnownFact[] | null;
  /** Set when this worker changed the known facts: the next step hands them to the analyser. */
  factsChanged: boolean;
}

/**
 * The stored known facts after `changed` were written: each replaces the fact of its metric where
 * it stood, a new metric comes last — the order in which Redis returns the hash's fields.
 */
export function withChangedFacts(stored: readonly KnownFact[], changed: readonly KnownFact[]): KnownFact[] {
  const out = [...stored];
  for (const fact of changed) {
    const at = out.findIndex((f) => f.metric === fact.metric);
    if (at >= 0) out[at] = fact;
    else out.push(fact);
  }
  return out;
}

/** How often an analyser drops stories past retention (a pass over its index). */
const FORGET_EVERY_MS = 3_600_000;

/** Creates the ingest processor; it keeps one analyser per beat for the life of the worker. */
export function createIngestProcessor(
  deps: IngestDeps,
): (data: IngestJob) => Promise<{ stored: number; alerts: number }> {
  const now = deps.now ?? Date.now;
  const followClock = deps.followClock ?? now;
  const beats = new Map<string, BeatState>();
  const keys = storeKeys(deps.prefix);

  /**
   * The step that brings the beat's analyser up to date with the record log and the known facts
   * before `items` are analysed.
   * While this process has held the lease without a break, only it can have appended records
   * (the append is fenced), so the log is read only when the lease is fresh or the analyser new.
   */
  async function stepFor(
    topic: Topic,
    version: number,
    fresh: boolean,
    items: AnalysisStep['items'],
  ): Promise<{ state: BeatState; step: AnalysisStep; lastRecordId: string }> {
    let state = beats.get(topic.id);
    const step: AnalysisStep = { topic: topic.id, items };
    let replay = fresh;
    if (!state || state.factsVersion !== version) {
      const stored = await deps.stores.facts.known(topic.id);
      const knownFacts = stored.length > 0 ? stored : topic.brief.facts;
      if (state) {
        // Facts moved: later items compare against the new ones; the index stays as it is.
        step.knownFacts = knownFacts;
        state.factsVersion = version;
      } else {
        state = {
          lastRecordId: '0',
          factsVersion: version,
          forgotAtMs: 0,
          storedFacts: null,
          factsChanged: false,
        };
        beats.set(topic.id, state);
        step.reset = { knownFacts };
        replay = true;
      }
      state.storedFacts = stored.length > 0 ? stored : null;
      state.factsChanged = false;
    } else if (state.factsChanged && state.storedFacts) {
      // Only this worker moved them since it last looked (the version says so): no read needed.
      step.knownFacts = state.storedFacts;
      state.factsChanged = false;
    }
    let lastRecordId = state.lastRecordId;
    if (replay) {
      const records = await deps.stores.stories.recordsAfter(topic.id, state.lastRecordId);
      step.remember = records.map((r) => r.record);
      lastRecordId = records.at(-1)?.id ?? lastRecordId;
    }
    // The record stream is trimmed to retention, so a rebuilt analyser never sees older stories;
    // a long-lived one drops them here, so every worker's index covers the same window.
    if (now() - state.forgotAtMs > FORGET_EVERY_MS) {
      step.forgetBefore = now() - deps.retentionMs;
      state.forgotAtMs = now();
    }
    return { state, step, lastRecordId };
  }

  /** The figures a story reports: only relevant originals count (copies are not independent). */
  function figuresOf(story: StoredStory): FactReport[] {
    const { item } = story;
    if (!item.relevant || item.duplicateOf !== null) return [];
    return item.factChanges.flatMap((change) =>
      change.status === 'confirms' || change.reported.value === null
        ? []
        : [
            {
              metric: change.metric,
              value: change.reported.value,
              qualifier: change.reported.qualifier,
              source: outletOf(item),
              outlet: item.source.name,
              ...(change.reported.attributedTo ? { attributedTo: change.reported.attributedTo } : {}),
              date: change.reported.date,
              storyKey: story.key,
            },
          ],
    );
  }

  /**
   * Queues the deliveries of one story. `batchOrder` gives the analysis order of the stories
   * stored by this batch: a story's alert names only the stories of its cluster analysed before
   * it, not those stored with it but after it (its "Follows" section, "New story" or "Follow-up").
   */
  async function queueAlerts(
    story: StoredStory,
    topic: Topic,
    polledAtMs: number,
    batchOrder: ReadonlyMap<string, number>,
  ): Promise<number> {
    const { item } = story;
    if (!item.relevant || item.duplicateOf !== null) return 0;
    const plans = await planAlerts(
      {
        follows: deps.stores.follows,
        destinations: deps.stores.destinations,
        destinationsFor: deps.destinationsFor,
        limits: deps.followLimits,
      },
      story,
      topic,
      followClock(),
    );
    if (plans.length === 0) return 0;
    const memberKeys = await deps.stores.clusters.members(topic.id, item.cluster);
    const place = batchOrder.get(story.key);
    const earlier: StoredStory[] = [];
    for (const k of memberKeys) {
      if (k === story.key) continue;
      const later = batchOrder.get(k);
      if (place !== undefined && later !== undefined && later > place) continue;
      const s = await deps.stores.stories.get(topic.id, k);
      if (s && s.storedAtMs <= story.storedAtMs) earlier.push(s);
    }
    for (const plan of plans) {
      if (plan.kind === 'rollup') {
        const deliveryKey = `rollup:${plan.follow.id}:${plan.hour}`;
        await deps.enqueueDeliver(
          {
            topic: topic.id,
            destinationId: plan.destinationId,
            deliveryKey,
            compose: { kind: 'rollup', followId: plan.follow.id, hour: plan.hour, query: plan.follow.query },
          },
          deliverJobId(plan.destinationId, deliveryKey),
          plan.delayMs,
        );
        continue;
      }
      const message = deps.buildAlert(story, topic, earlier, plan.reason);
      await deps.enqueueDeliver(
        {
          topic: topic.id,
          destinationId: plan.destinationId,
          deliveryKey: story.key,
          message,
          polledAtMs,
          ...(plan.thread ? { thread: plan.thread } : {}),
        },
        deliverJobId(plan.destinationId, story.key),
        plan.delayMs,
      );
    }
    return plans.length;
  }

  type Result = { stored: number; alerts: number };

  /**
   * A batch of jobs under the beat's lease: one read for all their items, analysis in job and
   * item order, one fenced write, then fact reports and alerts job by job. Equivalent to running
   * the jobs one after another: each item is analysed after every item before it.
   */
  async function ingestUnderLease(topic: Topic, lease: BeatLease, jobs: IngestJob[]): Promise<Result[]> {
    // An item met twice (a feed listing it twice, or two polls' jobs in one batch): the first copy
    // is analysed and stored, later ones are treated as already stored (a second analysis would
    // index it twice).
    const slots = jobs.map((job) => {
      const items = [...new Map(job.items.map((i) => [i.id, i])).values()];
      return { job, items, keys: items.map((i) => storyKey(job.feedUrl, i.id)) };
    });
    const allKeys = [...new Set(slots.flatMap((s) => s.keys))];
    // Both reads in flight together on one connection: one round trip.
    const [version, found] = await Promise.all([
      deps.stores.facts.version(topic.id),
      deps.stores.stories.getMany(topic.id, allKeys),
    ]);
    const known = new Map<string, StoredStory>();
    allKeys.forEach((k, i) => {
      const story = found[i];
      if (story) known.set(k, story);
    });
    try {
      // The items not stored yet, in job and item order (the first of two equal keys only).
      const pending: Array<{ key: string; job: IngestJob; item: IngestJob['items'][number] }> = [];
      const queued = new Set<string>();
      for (const { job, items, keys: itemKeys } of slots)
        items.forEach((item, i) => {
          const key = itemKeys[i]!;
          if (known.has(key) || queued.has(key)) return;
          queued.add(key);
          pending.push({ key, job, item });
        });
      const { state, step, lastRecordId } = await stepFor(
        topic,
        version,
        lease.fresh,
        pending.map(({ job, item }) => ({
          item,
          source: itemSource(item, { feedUrl: job.feedUrl, name: job.feedName }),
        })),
      );
      const analysed = await deps.engine.run(step);
      state.lastRecordId = lastRecordId;
      const fresh: Array<{ story: StoredStory; record: StoryRecord }> = [];
      const isNew = new Set<StoredStory>();
      const storedAtMs = now();
      pending.forEach(({ key, job }, i) => {
        const { item, record } = analysed[i]!;
        const story = { key, topic: topic.id, feedUrl: job.feedUrl, item, storedAtMs };
        fresh.push({ story, record });
        isNew.add(story);
        known.set(key, story);
      });
      // The stories, then the figures they report (in analysis order), both fenced, sent together:
      // one round trip. Redis runs the two scripts in order, so a lost lease stops both.
      const fence = { key: lease.lock.key, token: lease.lock.token };
      const reports = fresh.flatMap(({ story }) => figuresOf(story));
      const [ids, changed] = await Promise.all([
        deps.stores.stories.saveMany(topic.id, fresh, fence),
        deps.stores.facts.reportMany(topic.id, reports, fence),
      ]);
      if (ids === null || changed === null)
        throw new IngestLockError(`lost the ingest lock of "${topic.id}" mid-job; will retry`);
      // '0-0': already stored by a re-sent script; the next replay takes it (remember is idempotent).
      for (const id of ids) if (id !== '0-0') state.lastRecordId = id;
      for (const fact of changed)
        deps.logger.info({ topic: topic.id, metric: fact.metric, value: fact.value }, 'known figure updated');
      if (changed.length > 0) {
        // Each change bumped the version once. While the facts came from the store, the next batch
        // takes the new ones from here, unless the version shows another writer too; otherwise
        // (the brief stood in) it reads them back.
        if (state.storedFacts) {
          state.storedFacts = withChangedFacts(state.storedFacts, changed);
          state.factsVersion += changed.length;
          state.factsChanged = true;
        } else state.factsVersion = -1;
      }
      const batchOrder = new Map(pending.map(({ key }, i) => [key, i]));
      const results: Result[] = [];
      for (const { job, keys: itemKeys } of slots) {
        let stored = 0;
        let alerts = 0;
        for (const key of itemKeys) {
          const story = known.get(key)!;
          if (isNew.delete(story)) {
            const { item } = story;
            stored += 1;
            const kind = !item.relevant
              ? 'off-beat'
              : item.duplicateOf !== null
                ? 'duplicate'
                : item.followUp
                  ? 'follow-up'
                  : 'new-cluster';
            deps.metrics.stories.inc({ topic: topic.id, kind });
            if (item.duplicateOf !== null) deps.metrics.duplicates.inc({ topic: topic.id });
          }
          // Also on a retry of a story already stored: the deliver job ids make this idempotent.
          if (job.announce && isRecent(story.item, job.alertCutoffMs))
            alerts += await queueAlerts(story, topic, job.polledAtMs, batchOrder);
        }
        results.push({ stored, alerts });
      }
      return results;
    } catch (err) {
      // The analyser may hold an item the log does not: rebuild it from the log next time.
      beats.delete(topic.id);
      if (!(err instanceof IngestLockError)) deps.metrics.failures.inc({ stage: 'ingest' });
      throw err;
    }
  }

  /**
   * A batch that failed for another reason than the lock (a bad item, a Redis error) runs again
   * job by job, so one job's failure is not every batched job's.
   */
  async function runBatch(
    topicId: string,
    lease: BeatLease,
    jobs: IngestJob[],
  ): Promise<Array<PromiseSettledResult<Result>>> {
    const topic = deps.topics.get(topicId)!;
    try {
      const results = await ingestUnderLease(topic, lease, jobs);
      return results.map((value) => ({ status: 'fulfilled', value }));
    } catch (err) {
      if (jobs.length === 1 || err instanceof IngestLockError) throw err;
    }
    // The analyser was dropped with the failure, so the first job rebuilds it from the log.
    const out: Array<PromiseSettledResult<Result>> = [];
    for (const job of jobs) {
      try {
        const [value] = await ingestUnderLease(topic, lease, [job]);
        out.push({ status: 'fulfilled', value: value! });
      } catch (reason) {
        out.push({ status: 'rejected', reason });
      }
    }
    return out;
  }

  const lanes = createBeatLanes<IngestJob, Result>({
    acquire: (topic) =>
      waitForKeptLock(deps.redis, keys.ingestLock(topic), deps.ingestLockMs, deps.ingestWaitMs),
    runBatch,
    maxBatchWeight: MAX_BATCH_ITEMS,
    maxHoldMs: MAX_LEASE_HOLD_MS,
    yieldMs: 50,
    lingerMs: 20,
    gatherMs: 1,
    now,
  });

  return async function processIngest(data) {
    if (!deps.topics.has(data.topic)) {
      deps.logger.warn({ topic: data.topic }, 'ingest job for a beat that is no longer configured; dropped');
      return { stored: 0, alerts: 0 };
    }
    return lanes.submit(data.topic, data, data.items.length);
  };
}
