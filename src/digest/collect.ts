/**
 * The reads a digest needs, through the store interfaces: the items stored over the period and
 * the volume line's 14 days, and the beat's known figures. The scheduled job, `digest now` and
 * the demo all build a digest through {@link digestFromStores}, so they say the same thing.
 */

import type { Message } from '../chat/core/message.js';
import { storyItemOf } from '../chat/core/stories.js';
import type { FactStore, StoryStore } from '../store/types.js';
import { buildDigest, type DigestOptions } from './build.js';
import { VOLUME_DAYS } from './sparkline.js';

const DAY = 86_400_000;

/** Where a digest's items and figures come from. */
export interface DigestSources {
  stories: Pick<StoryStore, 'since'>;
  facts: Pick<FactStore, 'known'>;
}

/** Reads the stores and builds the digest; null on a quiet period when quiet days are skipped. */
export async function digestFromStores(
  sources: DigestSources,
  options: Omit<DigestOptions, 'items' | 'knownFacts'>,
): Promise<Message | null> {
  const { topic, window } = options;
  // Stories are read by when they were stored, which is what the period is measured by too.
  const sinceMs = Math.min(window.fromMs, window.toMs - VOLUME_DAYS * DAY);
  const items = (await sources.stories.since(topic.id, sinceMs)).map(storyItemOf);
  const stored = await sources.facts.known(topic.id);
  return buildDigest({ ...options, items, knownFacts: stored.length > 0 ? stored : topic.brief.facts });
}
