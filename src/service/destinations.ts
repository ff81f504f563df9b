/**
 * The destinations of one process: built from the configuration by the pipeline, replaced or added
 * to by the caller's own instances (the demo's console, a test's recorder), and chat channels that
 * subscribed themselves, which are stored and reached through their platform's client.
 */
import type { Destination } from '../chat/core/destination.js';
import type { ChatPlatform } from '../chat/core/platform.js';
import type { DestinationConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { DestinationDirectory } from '../queue/workers/deliver.js';
import type { DestinationStore, StoredDestination } from '../store/types.js';

/**
 * Which destinations take a beat's immediate alerts: those listing the beat, configured or
 * subscribed from chat, except paused ones. A destination that lists none gets only what it asked
 * for with keyword follow-ups (and command answers), so a channel set up for slash commands is
 * never flooded. A chat channel both configured and subscribed gets each alert once, through the
 * configured destination unless that one is paused.
 */
export function destinationsForTopic(
  configured: readonly DestinationConfig[],
  stored: readonly StoredDestination[],
  topic: string,
): string[] {
  const paused = new Set(stored.filter((d) => d.paused).map((d) => d.id));
  const ids = new Set<string>();
  const channels = new Set<string>();
  // Configured ones first, so theirs is the id a channel is reached by.
  for (const d of [...configured, ...stored]) {
    if (!d.topics.includes(topic) || paused.has(d.id) || ids.has(d.id)) continue;
    const channel = d.channel ? `${d.type}\n${d.channel}` : null;
    if (channel && channels.has(channel)) continue;
    if (channel) channels.add(channel);
    ids.add(d.id);
  }
  return [...ids];
}

/**
 * Resumes the destinations paused because a platform refused a bot token other than the one this
 * process has: the token was changed since, so posting is worth trying again (a token still
 * refused pauses them again on the first post). Returns the ids resumed.
 */
export async function resumeCredentialPauses(
  store: Pick<DestinationStore, 'list' | 'resume'>,
  platforms: readonly Pick<ChatPlatform, 'type' | 'credentialTag'>[],
): Promise<string[]> {
  const resumed: string[] = [];
  for (const d of await store.list()) {
    const tag = d.paused?.credentialTag;
    const platform = platforms.find((p) => p.type === d.type);
    if (tag === undefined || !platform || platform.credentialTag === tag) continue;
    await store.resume(d.id);
    resumed.push(d.id);
  }
  return resumed;
}

export interface ResolvedDestinations {
  /** Every destination built in this process, by id. */
  byId: Map<string, Destination>;
  /** Their settings as stored: configured ones, plus given ones (subscribed to no beat). */
  configs: DestinationConfig[];
}

/**
 * Builds the configured destinations this process can build by itself (the console), then applies
 * the given ones by id. Chat destinations are left to {@link createDestinationDirectory}.
 */
export function resolveDestinations(
  configured: readonly DestinationConfig[],
  build: (config: DestinationConfig) => Destination | null,
  given: readonly Destination[],
  logger: Logger,
  platforms: ReadonlySet<DestinationConfig['type']> = new Set(),
): ResolvedDestinations {
  const configs: DestinationConfig[] = [...configured];
  const byId = new Map<string, Destination>();
  for (const d of configured) {
    if (given.some((x) => x.id === d.id)) continue;
    const built = build(d);
    if (built) byId.set(d.id, built);
    else if (!platforms.has(d.type)) {
      logger.warn({ destination: d.id, type: d.type }, 'no adapter for this destination in this process');
    }
  }
  for (const d of given) {
    byId.set(d.id, d);
    if (!configs.some((c) => c.id === d.id)) configs.push({ id: d.id, type: d.type, topics: [] });
  }
  return { byId, configs };
}

export interface DestinationDirectoryOptions {
  /** Destinations built in this process (console, given ones). */
  built: ReadonlyMap<string, Destination>;
  /** Configured destinations (a Slack or Discord one names its channel). */
  configs: readonly DestinationConfig[];
  store: Pick<DestinationStore, 'get' | 'pause'>;
  /** The chat platforms this process has credentials for. */
  platforms: ReadonlyMap<DestinationConfig['type'], ChatPlatform>;
  now?: () => number;
}

/**
 * Finds a destination by id for delivery: one built here, else a configured or stored chat
 * channel reached through its platform (built once, then kept). Pauses live in the store, so every
 * worker sees a pause at once.
 */
export function createDestinationDirectory(options: DestinationDirectoryOptions): DestinationDirectory {
  const { built, store, platforms } = options;
  const now = options.now ?? Date.now;
  const channels = new Map<string, Destination>();
  return {
    async get(id) {
      const found = built.get(id) ?? channels.get(id);
      if (found) return found;
      const config = options.configs.find((c) => c.id === id) ?? (await store.get(id));
      const platform = config ? platforms.get(config.type) : undefined;
      if (!config?.channel || !platform) return null;
      const destination = platform.destination(id, config.channel);
      channels.set(id, destination);
      return destination;
    },
    async pausedReason(id) {
      return (await store.get(id))?.paused?.reason ?? null;
    },
    async pause(id, reason, cause) {
      const config = cause ? (options.configs.find((c) => c.id === id) ?? (await store.get(id))) : null;
      const credentialTag = config ? platforms.get(config.type)?.credentialTag : undefined;
      await store.pause(id, { reason, atMs: now(), ...(credentialTag ? { credentialTag } : {}) });
    },
  };
}
