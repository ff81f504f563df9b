/**
 * The store's interfaces. Workers, commands and chat answers depend on these, never on Redis
 * directly; `createRedis…Store(redis, prefix)` factories implement them.
 */
import type { AnalysedItem, StoryRecord } from '../analysis.js';
import type { DestinationConfig, KnownFact, Qualifier } from '../config/schema.js';

/** A feed's state: its HTTP validators and its health. */
export interface FeedState {
  url: string;
  topic: string;
  name: string;
  etag: string | null;
  lastModified: string | null;
  /** HTTP status of the last poll (304 for not modified), null when it never got one. */
  lastStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** Earliest time of the next fetch (backoff, Retry-After); null means "when scheduled". */
  nextPollAtMs: number | null;
  lastPolledAtMs: number | null;
  /** Last 200 or 304. Null means the feed was never fetched: its first items are not announced. */
  lastSuccessAtMs: number | null;
  paused: boolean;
  pausedReason: string | null;
  /** Items seen in this feed within the retention period. */
  itemsSeen: number;
  /** Who added the feed from chat (`Slack user U123`); null for a feed from the configuration. */
  addedBy?: string | null;
}

/** One poll of one feed, holding the feed's fetch lock. */
export interface FeedPoll {
  /** The feed's state when the poll began; null for a feed not registered yet. */
  readonly state: FeedState | null;
  /** Writes the poll's outcome (as {@link FeedStore.update} does) and releases the lock, in one round trip. */
  finish(patch: Partial<Omit<FeedState, 'url'>>): Promise<void>;
  /** Releases the lock without writing anything. */
  release(): Promise<void>;
}

/** Feed state and the ids of items already seen in each feed. */
export interface FeedStore {
  /** Adds a feed (or updates its topic and name); its state is kept. */
  register(feed: { url: string; topic: string; name: string; addedBy?: string }): Promise<void>;
  get(url: string): Promise<FeedState | null>;
  /** Every registered feed, sorted by topic then name. */
  list(): Promise<FeedState[]>;
  update(url: string, patch: Partial<Omit<FeedState, 'url'>>): Promise<void>;
  /**
   * Takes the feed's fetch lock for `token` (kept alive until the poll ends) and reads the feed's
   * state, in one round trip; null when another holder has the lock. The same token takes its
   * own lock back (a retried job whose release failed).
   */
  beginPoll(url: string, token: string, lockTtlMs: number): Promise<FeedPoll | null>;
  /** The ids among `ids` never seen in this feed, in the order given. */
  unseen(url: string, ids: string[]): Promise<string[]>;
  markSeen(url: string, ids: string[], nowMs: number): Promise<void>;
  /**
   * Forgets that `ids` were seen, and the feed's HTTP validators with them, so the next poll
   * fetches the feed in full and hands the items over again (items whose ingest failed for good).
   */
  markUnseen(url: string, ids: string[]): Promise<void>;
  pause(url: string, reason: string): Promise<void>;
  /** Unpauses and clears the failure count, so the next tick fetches. */
  resume(url: string): Promise<void>;
  /** Forgets a feed that is no longer configured. */
  remove(url: string): Promise<void>;
}

/** One analysed story as stored. */
export interface StoredStory {
  /** Stable key of the story: feed URL + item id, hashed. */
  key: string;
  topic: string;
  feedUrl: string;
  item: AnalysedItem;
  storedAtMs: number;
}

/** Analysed stories of each beat, with the record log workers replay. */
export interface StoryStore {
  get(topic: string, key: string): Promise<StoredStory | null>;
  /** Several stories in one round trip, in the order asked (null where not stored). */
  getMany(topic: string, keys: string[]): Promise<Array<StoredStory | null>>;
  /** The most recently stored stories, newest first. */
  latest(topic: string, limit: number): Promise<StoredStory[]>;
  /** Stories stored since `sinceMs` (oldest first). */
  since(topic: string, sinceMs: number): Promise<StoredStory[]>;
  /**
   * Stores a story and appends its record to the beat's record log, atomically, and only while
   * `fence` (the ingest lock) is still held by this worker. Returns the record's id in the log,
   * `'0-0'` if the story was already stored (nothing is written), or null if the fence was lost.
   */
  save(
    story: StoredStory,
    record: StoryRecord,
    fence: { key: string; token: string },
  ): Promise<string | null>;
  /**
   * {@link save} for the stories of one ingest batch, in order and in one round trip, written in
   * chunks of a bounded size (each atomic). Returns one id per story (`'0-0'` for one already
   * stored), or null if the fence was lost, possibly after some chunks were written: a retry finds
   * those stories stored.
   */
  saveMany(
    topic: string,
    entries: ReadonlyArray<{ story: StoredStory; record: StoryRecord }>,
    fence: { key: string; token: string },
  ): Promise<string[] | null>;
  /** Records appended after stream id `afterId` ('0' for all), oldest first. */
  recordsAfter(topic: string, afterId: string): Promise<Array<{ id: string; record: StoryRecord }>>;
}

/** Clusters: stories that report the same event. */
export interface ClusterStore {
  /** Story keys of a cluster, oldest first. */
  members(topic: string, cluster: string): Promise<string[]>;
  /** Cluster ids by most recent activity, newest first. */
  recent(topic: string, limit: number): Promise<string[]>;
}

/** One report of a figure: who said it, when, in which story. */
export interface FactReport {
  metric: string;
  value: number;
  qualifier: Qualifier;
  /** The outlet (host name of the story's link, else the feed's name): what tells outlets apart. */
  source: string;
  /** The outlet's name as its feed gives it ("Continental Wire"), shown instead of `source`. */
  outlet?: string;
  /** Who the story says the figure comes from ("Socorro Jurídico Humanitario"), when it says. */
  attributedTo?: string;
  /** YYYY-MM-DD */
  date: string;
  storyKey?: string;
  /** Set on reports an admin accepted. */
  acceptedBy?: string;
}

/** Known facts of each beat with every reported figure kept. */
export interface FactStore {
  /** Sets the brief's facts for metrics the store does not know yet. */
  seed(topic: string, facts: KnownFact[]): Promise<void>;
  known(topic: string): Promise<KnownFact[]>;
  history(topic: string, metric: string): Promise<FactReport[]>;
  /**
   * Keeps a report; a differing figure becomes the known value once a second independent outlet
   * reports it. Returns whether the known value changed.
   */
  report(topic: string, report: FactReport): Promise<boolean>;
  /**
   * {@link report} for several reports in order, in two round trips at most (one when no known
   * value changes; a few more, once, for a metric stored before its value summaries were kept).
   * Returns the known facts that changed, in order.
   */
  reportMany(topic: string, reports: FactReport[]): Promise<KnownFact[]>;
  /**
   * The same, fenced: nothing is written and the result is null once `fence.key` no longer holds
   * `fence.token` (the ingest lock of a worker that lost its lease).
   */
  reportMany(
    topic: string,
    reports: FactReport[],
    fence: { key: string; token: string },
  ): Promise<KnownFact[] | null>;
  /** An admin accepts a figure: it becomes the known value at once. */
  accept(topic: string, report: FactReport & { acceptedBy: string }): Promise<void>;
  /** Bumped whenever a known value changes; analysers rebuild when it moves. */
  version(topic: string): Promise<number>;
}

/** Why and since when a destination takes no more messages. */
export interface DestinationPause {
  /** What the platform said, in words (`channel_not_found`, "Missing Access"…). */
  reason: string;
  atMs: number;
  /**
   * When the platform refused the bot's token: that token's fingerprint (`credentialTag` in
   * `chat/core/platform.ts`), so a process started with another token resumes the destination.
   */
  credentialTag?: string;
}

/** A destination and its settings (digest time, time zone…). */
export interface StoredDestination extends DestinationConfig {
  settings: Record<string, string>;
  /** Set when a post failed for good (channel gone, bot removed); nothing is sent until resumed. */
  paused?: DestinationPause | null;
}

export interface DestinationStore {
  /**
   * Adds or updates a destination (from the configuration, or a channel subscribing); its
   * settings are kept, and so is a pause unless the channel changed.
   */
  upsert(destination: DestinationConfig): Promise<void>;
  get(id: string): Promise<StoredDestination | null>;
  list(): Promise<StoredDestination[]>;
  setSetting(id: string, key: string, value: string): Promise<void>;
  /** Stops posting to a destination, with the reason; a no-op for an unknown id. */
  pause(id: string, pause: DestinationPause): Promise<void>;
  /** Posts to a paused destination again; a no-op when it is not paused. */
  resume(id: string): Promise<void>;
  remove(id: string): Promise<void>;
}

/** The period one digest covers: what was first seen after `fromMs`, up to `toMs`. */
export interface DigestPeriod {
  /** The local date the digest is for, `YYYY-MM-DD` in the destination's digest time zone. */
  date: string;
  fromMs: number;
  toMs: number;
}

/** Which period each destination's digest of a beat covered (see docs/decisions/020). */
export interface DigestStore {
  /**
   * The period of the digest of `date`, decided once and atomically: the first call for a date
   * starts where the previous digest ended (or at `firstFromMs`) and ends at `nowMs`; later calls
   * for the same date get the same period, so a retried or doubled job builds the same digest.
   * Null when a later date was already claimed: the job is older than the last digest.
   */
  claim(
    topic: string,
    destinationId: string,
    date: string,
    nowMs: number,
    firstFromMs: number,
  ): Promise<DigestPeriod | null>;
  /** The period of the last digest claimed, or null when there was none. */
  last(topic: string, destinationId: string): Promise<DigestPeriod | null>;
}

/** Exactly-once bookkeeping for deliveries; see docs/decisions/006-queues-and-store.md. */
export interface DeliveryMarkers {
  isSent(destinationId: string, key: string): Promise<boolean>;
  /** Takes the in-flight marker (SET NX PX). False if another worker holds it. */
  acquire(destinationId: string, key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Extends a held marker; false if it is no longer ours. */
  extend(destinationId: string, key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Drops a held marker after a failed post, so a retry can take it. */
  release(destinationId: string, key: string, token: string): Promise<void>;
  /**
   * Notes that a post of this delivery is about to be attempted; returns when an earlier attempt
   * (not yet "sent") was first noted, or null when this is the first. The earliest time is kept.
   */
  recordAttempt(destinationId: string, key: string, atMs: number): Promise<number | null>;
  /**
   * Records "sent" (kept for the retention period), drops the in-flight marker and the attempt
   * note, atomically.
   */
  markSent(
    destinationId: string,
    key: string,
    token: string,
    ref: string | null,
    atMs: number,
  ): Promise<void>;
}
