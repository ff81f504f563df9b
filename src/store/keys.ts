/**
 * Every Redis key beatwatch's stores use, in one place (the layout is documented in
 * docs/decisions/006-queues-and-store.md). All keys start with the deployment's `redis.keyPrefix`;
 * BullMQ's queues live beside them under `<prefix>:<queue>:…`.
 */

/** Builds the keys of one deployment. */
export function storeKeys(prefix: string) {
  return {
    /** hash: feed URL → JSON {topic, name}; every feed the deployment knows. */
    feeds: `${prefix}:feeds`,
    /** hash: one feed's state (validators, health). */
    feed: (fk: string) => `${prefix}:feed:${fk}`,
    /** sorted set: item ids seen in a feed → first-seen time (ms); trimmed by retention. */
    feedSeen: (fk: string) => `${prefix}:feed:${fk}:seen`,
    /** string lock: a fetch of this feed is under way. */
    feedLock: (fk: string) => `${prefix}:lock:feed:${fk}`,
    /** string lock: a worker is ingesting into this beat's index. */
    ingestLock: (topic: string) => `${prefix}:lock:ingest:${topic}`,
    /** string: JSON of one stored story (analysis included); expires with retention. */
    story: (topic: string, sk: string) => `${prefix}:topic:${topic}:story:${sk}`,
    /** sorted set: story keys → stored time (ms). */
    stories: (topic: string) => `${prefix}:topic:${topic}:stories`,
    /** sorted set: story keys of one cluster → stored time (ms). */
    cluster: (topic: string, cluster: string) => `${prefix}:topic:${topic}:cluster:${cluster}`,
    /** sorted set: cluster ids → last activity (ms). */
    clusters: (topic: string) => `${prefix}:topic:${topic}:clusters`,
    /** stream: every StoryRecord in analysis order; workers replay it to stay consistent. */
    records: (topic: string) => `${prefix}:topic:${topic}:records`,
    /** hash: metric → JSON of the known fact. */
    facts: (topic: string) => `${prefix}:topic:${topic}:facts`,
    /** string counter: bumped whenever a known fact changes. */
    factsVersion: (topic: string) => `${prefix}:topic:${topic}:facts:version`,
    /** list: JSON of every report of one metric, oldest first. */
    factHistory: (topic: string, metric: string) => `${prefix}:topic:${topic}:fact:${metric}:history`,
    /** hash: reported value → JSON summary of its reports (outlets, latest date); see fact-store.ts. */
    factValues: (topic: string, metric: string) => `${prefix}:topic:${topic}:fact:${metric}:values`,
    /** hash: destination id → JSON of its settings. */
    destinations: `${prefix}:destinations`,
    /** hash: follow id → JSON of one follow (keywords or a story) of a beat. */
    follows: (topic: string) => `${prefix}:topic:${topic}:follows`,
    /** string: the story key that first brought a cluster to a follow (the thread's root). */
    followCluster: (followId: string, cluster: string) => `${prefix}:follow:${followId}:cluster:${cluster}`,
    /** string (expiring after an hour): a follow-up of this cluster went to this follow this hour. */
    followUpSlot: (followId: string, cluster: string) => `${prefix}:follow:${followId}:slot:${cluster}`,
    /** string counter: new clusters alerted to a follow in one clock hour. */
    followHour: (followId: string, hour: number) => `${prefix}:follow:${followId}:hour:${hour}`,
    /** string: what was decided for one story and one follow (root, reply, rollup, skip). */
    followDecision: (followId: string, storyKey: string) => `${prefix}:follow:${followId}:story:${storyKey}`,
    /** list: JSON of the stories past a follow's hourly cap, sent as one roll-up. */
    followRollup: (followId: string, hour: number) => `${prefix}:follow:${followId}:rollup:${hour}`,
    /** string: platform reference of the message a thread hangs from, per destination. */
    threadRoot: (destinationId: string, thread: string) => `${prefix}:thread:${destinationId}:${thread}`,
    /** hash: {date, fromMs, toMs}, the period of a destination's last digest of a beat. */
    digestPeriod: (topic: string, destinationId: string) => `${prefix}:digest:${topic}:${destinationId}`,
    /** string: JSON {atMs, ref}; this delivery was posted. */
    deliverySent: (destinationId: string, key: string) => `${prefix}:delivery:${destinationId}:${key}:sent`,
    /** string: when a post of this delivery was first attempted (ms); gone once it is "sent". */
    deliveryAttempt: (destinationId: string, key: string) =>
      `${prefix}:delivery:${destinationId}:${key}:attempt`,
    /** string lock: a worker is posting this delivery now. */
    deliveryLock: (destinationId: string, key: string) => `${prefix}:delivery:${destinationId}:${key}:lock`,
    /**
     * string: JSON {parts, ref}; how many parts of a message split in several were already posted
     * to a chat channel (keyed by a hash of the message), so a retry posts only the rest.
     */
    postedParts: (destinationId: string, messageHash: string) =>
      `${prefix}:delivery:${destinationId}:parts:${messageHash}`,
    /** string (expiring): a signed chat request already received, by a hash of its timestamp and body. */
    seenRequest: (platform: string, hash: string) => `${prefix}:chat:${platform}:seen:${hash}`,
    /** string lock: the process whose client holds the Discord gateway for this application. */
    discordGateway: (applicationId: string) => `${prefix}:lock:discord-gateway:${applicationId}`,
  };
}

export type StoreKeys = ReturnType<typeof storeKeys>;
