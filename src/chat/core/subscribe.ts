/**
 * `subscribe` / `unsubscribe`: a chat channel asks for a beat's alerts, or stops them. The channel
 * becomes a stored destination of its own (`slack:T123:C456`), which delivery finds by its type
 * and channel; subscribing again also lifts a pause left by an earlier failure.
 */
import type { Topic } from '../../config/schema.js';
import type { DestinationStore } from '../../store/types.js';
import { shortReply } from './compose.js';
import type { Caller, CommandReply } from './request.js';

type Store = Pick<DestinationStore, 'get' | 'upsert' | 'resume'>;

/** The destination id of a chat channel (`slack:T123:C456`, `discord:<guild>:<channel>`). */
export function channelDestinationId(caller: Pick<Caller, 'platform' | 'workspaceId' | 'channelId'>): string {
  return `${caller.platform}:${caller.workspaceId ?? '-'}:${caller.channelId}`;
}

/** Subscribes the caller's channel to the beat's alerts. */
export async function subscribeChannel(store: Store, topic: Topic, caller: Caller): Promise<CommandReply> {
  if (caller.platform === 'console')
    return shortReply(topic, null, ['The console takes alerts from the configuration.'], 'private');
  const id = channelDestinationId(caller);
  const current = await store.get(id);
  if (current?.topics.includes(topic.id) && !current.paused) {
    return shortReply(
      topic,
      null,
      [`This channel already gets the beat's alerts. /${topic.command} unsubscribe stops them.`],
      'private',
    );
  }
  await store.upsert({
    id,
    type: caller.platform,
    channel: caller.channelId,
    topics: [...new Set([...(current?.topics ?? []), topic.id])],
  });
  await store.resume(id);
  return shortReply(
    topic,
    null,
    [
      `This channel now gets an alert for each new story on the beat, with what it confirms or changes ` +
        `in the known figures. /${topic.command} unsubscribe stops them.`,
    ],
    'channel',
  );
}

/** Stops the beat's alerts in the caller's channel. */
export async function unsubscribeChannel(store: Store, topic: Topic, caller: Caller): Promise<CommandReply> {
  const id = channelDestinationId(caller);
  const current = caller.platform === 'console' ? null : await store.get(id);
  if (!current?.topics.includes(topic.id)) {
    return shortReply(
      topic,
      null,
      [`This channel does not get the beat's alerts. /${topic.command} subscribe starts them.`],
      'private',
    );
  }
  await store.upsert({ ...current, topics: current.topics.filter((t) => t !== topic.id) });
  return shortReply(
    topic,
    null,
    [`This channel no longer gets the beat's alerts. /${topic.command} subscribe starts them again.`],
    'channel',
  );
}
