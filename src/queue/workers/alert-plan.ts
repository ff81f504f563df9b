/**
 * Who gets a newly stored story, and how: destinations subscribed to the beat get an alert for
 * each new cluster; each follow (keywords or one story) gets a matching cluster once, as an alert
 * that starts a thread, then at most one threaded follow-up per cluster per hour; past the
 * follow's hourly cap the rest are rolled up into one message at the end of the hour. Alerts to a
 * person in their quiet hours wait until those end.
 */
import type { RollupEntry } from '../../alerts/rollup.js';
import type { AlertReason } from '../../alerts/stored.js';
import type { Topic } from '../../config/schema.js';
import {
  type MatchableText,
  matchableText,
  matchFollowQuery,
  parseFollowQuery,
} from '../../follows/query.js';
import { msUntilQuietEnds, parseQuietSpan, QUIET_SETTINGS } from '../../follows/quiet-hours.js';
import type { Follow, FollowLimits, FollowStore } from '../../store/follow-store.js';
import type { StoredDestination, StoredStory } from '../../store/types.js';
import type { DeliverThread } from '../jobs/deliver.js';

/** One delivery to queue. */
export type PlannedAlert =
  | { kind: 'alert'; destinationId: string; reason: AlertReason; thread?: DeliverThread; delayMs: number }
  | { kind: 'rollup'; destinationId: string; follow: Follow; hour: number; delayMs: number };

export interface AlertPlanDeps {
  follows: Pick<FollowStore, 'list' | 'decide'>;
  destinations: { list(): Promise<StoredDestination[]> };
  /** Destination ids subscribed to the beat and not paused. */
  destinationsFor(topic: string): Promise<string[]>;
  limits: FollowLimits;
}

const HOUR_MS = 3_600_000;

/** How long deliveries to a destination must wait for its quiet hours to end (0: not quiet). */
export function quietDelayMs(destination: StoredDestination | undefined, nowMs: number): number {
  const span = destination?.settings[QUIET_SETTINGS.span];
  const parsed = span ? parseQuietSpan(span) : null;
  if (!parsed) return 0;
  return msUntilQuietEnds(
    { ...parsed, timeZone: destination?.settings[QUIET_SETTINGS.zone] || 'UTC' },
    nowMs,
  );
}

/** What a follow finds in a story: the terms, or null when it does not match. */
function followMatch(follow: Follow, story: StoredStory, text: MatchableText): string[] | null {
  if (follow.kind === 'story') return follow.cluster === story.item.cluster ? [] : null;
  const parsed = parseFollowQuery(follow.query);
  return parsed.ok ? matchFollowQuery(parsed.query, text) : null;
}

/** The deliveries a relevant, original story gets. */
export async function planAlerts(
  deps: AlertPlanDeps,
  story: StoredStory,
  topic: Topic,
  nowMs: number,
): Promise<PlannedAlert[]> {
  const { item } = story;
  const plans: PlannedAlert[] = [];
  const taken = new Set<string>();
  if (!item.followUp) {
    for (const id of await deps.destinationsFor(topic.id)) {
      plans.push({ kind: 'alert', destinationId: id, reason: { kind: 'new-cluster' }, delayMs: 0 });
      taken.add(id);
    }
  }
  const follows = await deps.follows.list(topic.id);
  if (follows.length === 0) return plans;
  const destinations = new Map((await deps.destinations.list()).map((d) => [d.id, d]));
  const text = matchableText(`${item.title}\n${item.summary}`);
  for (const follow of follows) {
    // One message per story per destination, whichever of its follows matched first.
    if (taken.has(follow.destinationId) || destinations.get(follow.destinationId)?.paused) continue;
    const terms = followMatch(follow, story, text);
    if (terms === null) continue;
    taken.add(follow.destinationId);
    // What the hour's roll-up lists of the story, should it be past the cap.
    const entry: RollupEntry = { title: item.title, outlet: item.source.name, link: item.link };
    const decision = await deps.follows.decide(
      follow,
      item.cluster,
      story.key,
      nowMs,
      deps.limits,
      JSON.stringify(entry),
    );
    const delayMs = quietDelayMs(destinations.get(follow.destinationId), nowMs);
    const reason: AlertReason = {
      kind: 'follow',
      query: follow.query,
      terms,
      story: follow.kind === 'story',
    };
    const thread = `${follow.id}:${item.cluster}`;
    switch (decision.kind) {
      case 'root':
        plans.push({
          kind: 'alert',
          destinationId: follow.destinationId,
          reason,
          thread: { role: 'root', key: thread },
          delayMs,
        });
        break;
      case 'reply':
        plans.push({
          kind: 'alert',
          destinationId: follow.destinationId,
          reason,
          thread: { role: 'reply', key: thread, rootDeliveryKey: decision.rootStoryKey },
          delayMs,
        });
        break;
      case 'rollup': {
        // Sent once the hour is over (or the quiet hours, whichever ends later).
        const hourEndsIn = (decision.hour + 1) * HOUR_MS - nowMs + 60_000;
        plans.push({
          kind: 'rollup',
          destinationId: follow.destinationId,
          follow,
          hour: decision.hour,
          delayMs: Math.max(hourEndsIn, delayMs),
        });
        break;
      }
      default:
        break;
    }
  }
  return plans;
}
