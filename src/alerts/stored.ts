/**
 * Alerts from stored stories: the shape the ingest worker hands over (a stored story, the earlier
 * stories of its cluster, and why this destination gets it), turned into {@link buildStoryAlert}'s.
 */

import type { Message } from '../chat/core/message.js';
import { storyItemOf } from '../chat/core/stories.js';
import type { Topic } from '../config/schema.js';
import type { StoredStory } from '../store/types.js';
import { buildStoryAlert } from './build.js';

/** Why a destination receives a story: a new cluster on its beat, or one of its follows. */
export type AlertReason =
  | { kind: 'new-cluster' }
  /** A follow matched: its query as shown, the terms found (none for a story follow). */
  | { kind: 'follow'; query: string; terms: string[]; story: boolean };

/** Builds the alert for a stored story (the service's `buildAlert`). */
export function buildAlertForStory(
  story: StoredStory,
  topic: Topic,
  earlier: readonly StoredStory[],
  reason: AlertReason,
): Message {
  const item = storyItemOf(story);
  return buildStoryAlert(item, topic, {
    earlier: earlier.map(storyItemOf),
    ...(item.storyId ? { storyId: item.storyId } : {}),
    ...(reason.kind === 'follow' ? { follow: reason } : {}),
  });
}
