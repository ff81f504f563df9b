/** The stores, built together on one connection. Import from here. */
import type { Redis } from 'ioredis';
import { createRedisDeliveryMarkers } from './delivery-markers.js';
import { createRedisDestinationStore, createRedisSubscriptionStore } from './destination-store.js';
import { createRedisDigestStore } from './digest-store.js';
import { createRedisFactStore } from './fact-store.js';
import { createRedisFeedStore } from './feed-store.js';
import { createRedisClusterStore, createRedisStoryStore } from './story-store.js';
import type {
  ClusterStore,
  DeliveryMarkers,
  DestinationStore,
  DigestStore,
  FactStore,
  FeedStore,
  StoryStore,
  SubscriptionStore,
} from './types.js';

export { storeKeys } from './keys.js';
export * from './types.js';
export {
  createRedisClusterStore,
  createRedisDeliveryMarkers,
  createRedisDestinationStore,
  createRedisDigestStore,
  createRedisFactStore,
  createRedisFeedStore,
  createRedisStoryStore,
  createRedisSubscriptionStore,
};

/** Every store of one deployment. */
export interface Stores {
  feeds: FeedStore;
  stories: StoryStore;
  clusters: ClusterStore;
  facts: FactStore;
  destinations: DestinationStore;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryMarkers;
  digests: DigestStore;
}

/** Builds every store on one Redis connection, under `prefix`, keeping data `retentionDays`. */
export function createRedisStores(redis: Redis, prefix: string, retentionDays: number): Stores {
  const retentionMs = retentionDays * 24 * 60 * 60 * 1000;
  return {
    feeds: createRedisFeedStore(redis, prefix, { retentionMs }),
    stories: createRedisStoryStore(redis, prefix, { retentionMs }),
    clusters: createRedisClusterStore(redis, prefix),
    facts: createRedisFactStore(redis, prefix),
    destinations: createRedisDestinationStore(redis, prefix),
    subscriptions: createRedisSubscriptionStore(redis, prefix),
    deliveries: createRedisDeliveryMarkers(redis, prefix, { retentionMs }),
    digests: createRedisDigestStore(redis, prefix),
  };
}
