/**
 * The `ingest` job: new items of one feed through the analysis core, stored, and alerts queued.
 *
 * Consistency across workers: a beat's index (duplicates, clusters) is one sequence. Ingest for a
 * beat runs under a short Redis lock, and before analysing, the worker's analyser replays every
 * StoryRecord other workers appended to the beat's record log since it last looked. So whichever
 * worker takes an item, it sees exactly the records that came before it, as a single worker would.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AnalysedItem, Analyser, AnalyserOptions } from '../../analysis.js';
import type { Message } from '../../chat/core/message.js';
import type { Topic } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../service/metrics.js';
import type { Stores } from '../../store/index.js';
import { storeKeys } from '../../store/keys.js';
import { waitForKeptLock } from '../../store/lock.js';
import type { FactReport, StoredStory } from '../../store/types.js';
import type { DeliverJob } from '../jobs/deliver.js';
import type { IngestJob } from '../jobs/ingest.js';

/** Why a story is being alerted to a destination. */
export type AlertReason = { kind: 'new-cluster' } | { kind: 'keyword'; keywords: string[] };

export interface IngestDeps {
  redis: Redis;
  prefix: string;
  stores: Stores;
  topics: ReadonlyMap<string, Topic>;
  createAnalyser(topic: Topic, options: AnalyserOptions): Analyser;
  /** Builds the alert message for a story (with the earlier stories of its cluster). */
  buildAlert(story: StoredStory, topic: Topic, earlier: StoredStory[], reason: AlertReason): Message;
  /** Destination ids subscribed to a beat (immediate alerts of new clusters). */
  destinationsFor(topic: string): string[];
  enqueueDeliver(job: DeliverJob, jobId: string): Promise<void>;
  /** TTL of the per-beat ingest lock (kept alive while the job runs). */
  ingestLockMs: number;
  /** How long to wait for the ingest lock before giving the job back for a retry. */
  ingestWaitMs: number;
  /** Stories published longer ago than this leave the analyser's index (`retention.days`). */
  retentionMs: number;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
}

/** Thrown when the ingest lock could not be had or was lost: the job is retried. */
export class IngestLockError extends Error {
  readonly code = 'INGEST_LOCK';
}

/** Stable key of a story: the feed it came from and the item's id. */
export function storyKey(feedUrl: string, itemId: string): string {
  return createHash('sha1').update(`${feedUrl}\n${itemId}`).digest('hex').slice(0, 20);
}

/** Job id of one delivery, stable across retries and workers (BullMQ ignores a second add). */
export function deliverJobId(destinationId: string, deliveryKey: string): string {
  return `deliver-${createHash('sha1').update(`${destinationId}\n${deliveryKey}`).digest('hex').slice(0, 24)}`;
}

/** The outlet of a story, for "independent outlet" decisions: the link's host, else the feed. */
export function outletOf(item: AnalysedItem): string {
  if (item.link) {
    try {
      return new URL(item.link).hostname.replace(/^www\./, '');
    } catch {
      // fall through to the feed's name
    }
  }
  return item.source.name;
}

/** Lower-case, accent-free text for keyword matching. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

interface CachedAnalyser {
  analyser: Analyser;
  lastRecordId: string;
  factsVersion: number;
  forgotAtMs: number;
}

/** How often an analyser drops stories past retention (a pass over its index). */
const FORGET_EVERY_MS = 3_600_000;

/** Creates the ingest processor; it keeps one analyser per beat for the life of the worker. */
export function createIngestProcessor(
  deps: IngestDeps,
): (data: IngestJob) => Promise<{ stored: number; alerts: number }> {
  const now = deps.now ?? Date.now;
  const cache = new Map<string, CachedAnalyser>();
  const keys = storeKeys(deps.prefix);

  /** Brings the beat's analyser up to date with the record log (and rebuilds it if facts moved). */
  async function syncedAnalyser(topic: Topic): Promise<CachedAnalyser> {
    const version = await deps.stores.facts.version(topic.id);
    let entry = cache.get(topic.id);
    if (!entry || entry.factsVersion !== version) {
      const known = await deps.stores.facts.known(topic.id);
      entry = {
        analyser: deps.createAnalyser(topic, { knownFacts: known.length > 0 ? known : topic.brief.facts }),
        lastRecordId: '0',
        factsVersion: version,
        forgotAtMs: 0,
      };
      cache.set(topic.id, entry);
    }
    for (const { id, record } of await deps.stores.stories.recordsAfter(topic.id, entry.lastRecordId)) {
      entry.analyser.remember(record);
      entry.lastRecordId = id;
    }
    // The record stream is trimmed to retention, so a rebuilt analyser never sees older stories;
    // a long-lived one drops them here, so every worker's index covers the same window.
    if (now() - entry.forgotAtMs > FORGET_EVERY_MS) {
      entry.analyser.forget(now() - deps.retentionMs);
      entry.forgotAtMs = now();
    }
    return entry;
  }

  async function reportFigures(story: StoredStory): Promise<void> {
    const { item } = story;
    if (!item.relevant || item.duplicateOf !== null) return;
    for (const change of item.factChanges) {
      if (change.status === 'confirms' || change.reported.value === null) continue;
      const report: FactReport = {
        metric: change.metric,
        value: change.reported.value,
        qualifier: change.reported.qualifier,
        source: outletOf(item),
        date: change.reported.date,
        storyKey: story.key,
      };
      if (await deps.stores.facts.report(story.topic, report)) {
        deps.logger.info(
          { topic: story.topic, metric: change.metric, value: report.value },
          'known figure updated',
        );
      }
    }
  }

  async function queueAlerts(story: StoredStory, topic: Topic, polledAtMs: number): Promise<number> {
    const { item } = story;
    if (!item.relevant || item.duplicateOf !== null) return 0;
    const targets = new Map<string, AlertReason>();
    if (!item.followUp)
      for (const id of deps.destinationsFor(topic.id)) targets.set(id, { kind: 'new-cluster' });
    const text = fold(`${item.title}\n${item.summary}`);
    for (const [id, words] of await deps.stores.subscriptions.forTopic(topic.id)) {
      if (targets.has(id)) continue;
      const hits = words.filter((w) => text.includes(fold(w)));
      if (hits.length > 0) targets.set(id, { kind: 'keyword', keywords: hits });
    }
    if (targets.size === 0) return 0;
    const memberKeys = await deps.stores.clusters.members(topic.id, item.cluster);
    const earlier: StoredStory[] = [];
    for (const k of memberKeys) {
      if (k === story.key) continue;
      const s = await deps.stores.stories.get(topic.id, k);
      if (s) earlier.push(s);
    }
    for (const [destinationId, reason] of targets) {
      const message = deps.buildAlert(story, topic, earlier, reason);
      await deps.enqueueDeliver(
        { topic: topic.id, destinationId, deliveryKey: story.key, message, polledAtMs },
        deliverJobId(destinationId, story.key),
      );
    }
    return targets.size;
  }

  return async function processIngest(data) {
    const topic = deps.topics.get(data.topic);
    if (!topic) {
      deps.logger.warn({ topic: data.topic }, 'ingest job for a beat that is no longer configured; dropped');
      return { stored: 0, alerts: 0 };
    }
    const lock = await waitForKeptLock(
      deps.redis,
      keys.ingestLock(topic.id),
      deps.ingestLockMs,
      deps.ingestWaitMs,
    );
    if (!lock)
      throw new IngestLockError(`beat "${topic.id}" is being ingested by another worker; will retry`);
    let stored = 0;
    let alerts = 0;
    try {
      const entry = await syncedAnalyser(topic);
      for (const feedItem of data.items) {
        const key = storyKey(data.feedUrl, feedItem.id);
        let story = await deps.stores.stories.get(topic.id, key);
        if (!story) {
          const { item, record } = entry.analyser.analyse({
            item: feedItem,
            source: { feedUrl: data.feedUrl, name: data.feedName },
          });
          story = { key, topic: topic.id, feedUrl: data.feedUrl, item, storedAtMs: now() };
          const id = await deps.stores.stories.save(story, record, { key: lock.key, token: lock.token });
          if (id === null)
            throw new IngestLockError(`lost the ingest lock of "${topic.id}" mid-job; will retry`);
          // '0-0': already stored by a re-sent script; the next sync replays it (idempotent).
          if (id !== '0-0') entry.lastRecordId = id;
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
          await reportFigures(story);
        }
        // Also on a retry of a story already stored: the deliver job ids make this idempotent.
        if (data.announce) alerts += await queueAlerts(story, topic, data.polledAtMs);
      }
      return { stored, alerts };
    } catch (err) {
      // The analyser may hold an item the log does not: rebuild it from the log next time.
      cache.delete(topic.id);
      if (!(err instanceof IngestLockError)) deps.metrics.failures.inc({ stage: 'ingest' });
      throw err;
    } finally {
      await lock.release();
    }
  };
}
