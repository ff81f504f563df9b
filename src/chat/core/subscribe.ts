/**
 * `subscribe` / `unsubscribe`: a chat channel asks for a beat's alerts, or stops them. The channel
 * becomes a stored destination of its own (`slack:T123:C456`), which delivery finds by its type
 * and channel. Subscribing again lifts the pause left by an earlier failure on every destination
 * in the channel, configured or subscribed; a channel the configuration already sends the beat's
 * alerts to gets no second subscription.
 */
import type { Topic } from '../../config/schema.js';
import type { DestinationStore, StoredDestination } from '../../store/types.js';
import { shortReply } from './compose.js';
import type { Caller, CommandReply } from './request.js';

type Store = Pick<DestinationStore, 'get' | 'upsert' | 'resume' | 'list'>;

/** The destination id of a chat channel (`slack:T123:C456`, `discord:<guild>:<channel>`). */
export function channelDestinationId(caller: Pick<Caller, 'platform' | 'workspaceId' | 'channelId'>): string {
  return `${caller.platform}:${caller.workspaceId ?? '-'}:${caller.channelId}`;
}

/** Subscribes the caller's channel to the beat's alerts. */
export async function subscribeChannel(store: Store, topic: Topic, caller: Caller): Promise<CommandReply> {
  if (caller.platform === 'console')
    return shortReply(topic, null, ['The console takes alerts from the configuration.'], 'private');
  const id = channelDestinationId(caller);
  const here = await destinationsInChannel(store, caller);
  const paused = here.filter((d) => d.paused);
  for (const d of paused) await store.resume(d.id);
  const resumed = paused.length > 0 ? ['Alerts were paused here; they are resumed.'] : [];
  const configured = here.find((d) => d.id !== id && d.topics.includes(topic.id));
  if (configured) {
    return shortReply(
      topic,
      null,
      [
        ...resumed,
        `This channel gets the beat's alerts through the configured destination "${configured.id}"; ` +
          'the configuration decides when they stop.',
      ],
      paused.length > 0 ? 'channel' : 'private',
    );
  }
  const current = here.find((d) => d.id === id);
  if (current?.topics.includes(topic.id)) {
    return paused.length > 0
      ? shortReply(topic, null, [...resumed, `/${topic.command} unsubscribe stops them.`], 'channel')
      : shortReply(
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
  return shortReply(
    topic,
    null,
    [
      ...resumed,
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
  const configured =
    caller.platform === 'console'
      ? undefined
      : (await destinationsInChannel(store, caller)).find((d) => d.id !== id && d.topics.includes(topic.id));
  const fromConfig = configured
    ? `This channel gets the beat's alerts through the configured destination "${configured.id}": ` +
      'remove it from the configuration to stop them.'
    : null;
  if (fromConfig && !current?.topics.includes(topic.id))
    return shortReply(topic, null, [fromConfig], 'private');
  if (!current?.topics.includes(topic.id)) {
    return shortReply(
      topic,
      null,
      [`This channel does not get the beat's alerts. /${topic.command} subscribe starts them.`],
      'private',
    );
  }
  await store.upsert({ ...current, topics: current.topics.filter((t) => t !== topic.id) });
  if (fromConfig) return shortReply(topic, null, ['The subscription is removed.', fromConfig], 'private');
  return shortReply(
    topic,
    null,
    [`This channel no longer gets the beat's alerts. /${topic.command} subscribe starts them again.`],
    'channel',
  );
}

/** Every stored destination that posts to the caller's channel, whatever its id. */
async function destinationsInChannel(store: Store, caller: Caller): Promise<StoredDestination[]> {
  return (await store.list()).filter((d) => d.type === caller.platform && d.channel === caller.channelId);
}
