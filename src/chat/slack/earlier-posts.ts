/**
 * Slack has no idempotency key for `chat.postMessage`, so every post of a delivery carries one in
 * its message metadata, and a retry whose earlier attempt may have reached Slack (decision 022)
 * reads the channel (or thread) since that attempt to find the parts already there.
 */
import type { WebClient } from '@slack/web-api';

/** The metadata event type of beatwatch's posts. */
export const DELIVERY_EVENT_TYPE = 'beatwatch_delivery';
/** Slack's clock and ours may differ; look this much further back. */
const CLOCK_MARGIN_MS = 60_000;
/** Pages of 200 messages read at most: a channel busier than that in minutes is not our case. */
const MAX_PAGES = 5;

/** The metadata of part `part` (0-based) of a delivery. */
export function deliveryMetadata(key: string, part: number, parts: number) {
  return { event_type: DELIVERY_EVENT_TYPE, event_payload: { key, part, parts } };
}

interface MetadataMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/**
 * The parts of delivery `key` posted in `channel` (in the thread `threadTs` when given) since
 * `sinceMs`: part number → message ts. Throws the Web API's error when Slack refuses the read.
 */
export async function findDeliveryPosts(
  client: Pick<WebClient, 'conversations'>,
  channel: string,
  key: string,
  sinceMs: number,
  threadTs?: string,
): Promise<Map<number, string>> {
  const oldest = (Math.max(0, sinceMs - CLOCK_MARGIN_MS) / 1000).toFixed(6);
  const found = new Map<number, string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const common = { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
    const res = threadTs
      ? await client.conversations.replies({ ...common, ts: threadTs })
      : await client.conversations.history(common);
    for (const message of (res.messages ?? []) as MetadataMessage[]) {
      const meta = message.metadata;
      if (meta?.event_type !== DELIVERY_EVENT_TYPE || meta.event_payload?.key !== key || !message.ts)
        continue;
      found.set(Number(meta.event_payload.part ?? 0), message.ts);
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return found;
}
