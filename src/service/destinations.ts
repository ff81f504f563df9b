/**
 * The destinations of one process: built from the configuration by the pipeline, then replaced
 * or added to by the caller's own instances (the demo's console, a test's recorder, chat adapters).
 */
import type { Destination } from '../chat/core/destination.js';
import type { DestinationConfig } from '../config/schema.js';
import type { Logger } from '../log.js';

/**
 * Which destinations take a beat's immediate alerts: those listing the beat. A destination that
 * lists none gets only what it asked for with keyword follow-ups (and command answers), so a
 * channel set up for slash commands is never flooded.
 */
export function destinationsForTopic(destinations: readonly DestinationConfig[], topic: string): string[] {
  return destinations.filter((d) => d.topics.includes(topic)).map((d) => d.id);
}

export interface ResolvedDestinations {
  /** Every destination this process can post to, by id. */
  byId: Map<string, Destination>;
  /** Their settings as stored: configured ones, plus given ones (subscribed to no beat). */
  configs: DestinationConfig[];
}

/** Builds the configured destinations, then applies the given ones by id. */
export function resolveDestinations(
  configured: readonly DestinationConfig[],
  build: (config: DestinationConfig) => Destination | null,
  given: readonly Destination[],
  logger: Logger,
): ResolvedDestinations {
  const configs: DestinationConfig[] = [...configured];
  const byId = new Map<string, Destination>();
  for (const d of configured) {
    const built = given.some((x) => x.id === d.id) ? null : build(d);
    if (built) byId.set(d.id, built);
    else if (!given.some((x) => x.id === d.id)) {
      logger.warn({ destination: d.id, type: d.type }, 'no adapter for this destination in this process');
    }
  }
  for (const d of given) {
    byId.set(d.id, d);
    if (!configs.some((c) => c.id === d.id)) configs.push({ id: d.id, type: d.type, topics: [] });
  }
  return { byId, configs };
}
