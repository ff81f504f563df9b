/**
 * Alerts from stored stories: the shape the ingest worker hands over (a stored story, the earlier
 * stories of its cluster, and why this destination gets it), turned into {@link buildStoryAlert}'s.
 */

import type { Message } from '../chat/core/message.js';
import { storyItemOf } from '../chat/core/stories.js';
import type { Topic } from '../config/schema.js';
import type { StoredStory } from '../store/types.js';
import { buildStoryAlert } from './build.js';

/** Why a destination receives a story: a new cluster on its beat, or its follow-up keywords. */
export type AlertTrigger = { kind: 'new-cluster' } | { kind: 'keyword'; keywords: string[] };

/** Builds the alert for a stored story (the service's `buildAlert`). */
export function buildAlertForStory(
  story: StoredStory,
  topic: Topic,
  earlier: readonly StoredStory[],
  reason: AlertTrigger,
): Message {
  return buildStoryAlert(storyItemOf(story), topic, {
    earlier: earlier.map(storyItemOf),
    ...(reason.kind === 'keyword' ? { keywords: reason.keywords } : {}),
  });
}
