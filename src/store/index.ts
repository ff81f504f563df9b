/** The stores, built together on one connection. Import from here. */
import type { Redis } from 'ioredis';
import { createRedisDeliveryMarkers } from './delivery-markers.js';
import { createRedisDestinationStore } from './destination-store.js';
import { createRedisDigestStore } from './digest-store.js';
import type { AdoptionRule } from './fact-rules.js';
import { createRedisFactStore } from './fact-store.js';
import { createRedisFeedStore } from './feed-store.js';
import { createRedisFollowStore, type FollowStore } from './follow-store.js';
import { createRedisClusterStore, createRedisStoryStore } from './story-store.js';
import type {
  ClusterStore,
  DeliveryMarkers,
  DestinationStore,
  DigestStore,
  FactStore,
  FeedStore,
  StoryStore,
} from './types.js';

export type { AdoptionRule } from './fact-rules.js';
export type { Follow, FollowDecision, FollowLimits, FollowStore } from './follow-store.js';
export { storeKeys } from './keys.js';
export * from './types.js';
export {
  createRedisClusterStore,
  createRedisDeliveryMarkers,
  createRedisDestinationStore,
  createRedisDigestStore,
  createRedisFactStore,
  createRedisFeedStore,
  createRedisFollowStore,
  createRedisStoryStore,
};

/** Every store of one deployment. */
export interface Stores {
  feeds: FeedStore;
  stories: StoryStore;
  clusters: ClusterStore;
  facts: FactStore;
  destinations: DestinationStore;
  follows: FollowStore;
  deliveries: DeliveryMarkers;
  digests: DigestStore;
}

/** Settings of the stores beyond where and how long. */
export interface StoreOptions {
  /** Each beat's rule for adopting a differing figure (see `FactStoreOptions.adoption`). */
  adoption?: (topic: string) => AdoptionRule;
}

/** Builds every store on one Redis connection, under `prefix`, keeping data `retentionDays`. */
export function createRedisStores(
  redis: Redis,
  prefix: string,
  retentionDays: number,
  options: StoreOptions = {},
): Stores {
  const retentionMs = retentionDays * 24 * 60 * 60 * 1000;
  return {
    feeds: createRedisFeedStore(redis, prefix, { retentionMs }),
    stories: createRedisStoryStore(redis, prefix, { retentionMs }),
    clusters: createRedisClusterStore(redis, prefix),
    facts: createRedisFactStore(redis, prefix, { adoption: options.adoption }),
    destinations: createRedisDestinationStore(redis, prefix),
    follows: createRedisFollowStore(redis, prefix),
    deliveries: createRedisDeliveryMarkers(redis, prefix, { retentionMs }),
    digests: createRedisDigestStore(redis, prefix),
  };
}
