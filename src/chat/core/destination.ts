/**
 * Where messages go. The console, Slack and Discord adapters implement this one interface, so
 * delivery never knows which platform it is talking to.
 */
import { createHash } from 'node:crypto';
import type { Message } from './message.js';

/** What became of one post. */
export type SendResult =
  | { ok: true /** platform id of the posted message, if any */; ref?: string }
  /**
   * The platform asked us to wait (429) or failed on its side (5xx): delivery reschedules the job
   * after `retryAfterMs` instead of failing it, and tries again.
   */
  | { ok: false; kind: 'retry-later'; retryAfterMs: number; reason: string }
  /**
   * The post can never succeed as things stand (channel gone, bot removed, access missing):
   * delivery pauses the destination with `reason` instead of retrying for ever.
   */
  | {
      ok: false;
      kind: 'permanent';
      reason: string;
      /** Set when the platform refused the bot's token itself rather than this channel. */
      cause?: 'credentials';
    };

/** How to post one message. */
export interface SendOptions {
  /**
   * Post as a reply to this earlier message (the `ref` its send returned): a Slack thread, a
   * Discord reply. A platform that cannot thread posts it on its own.
   */
  replyTo?: string;
  /**
   * The same `key` on every attempt at the same delivery (see {@link deliveryIdempotencyKey}), so a
   * platform can tell a repeat: Discord returns the message already created with that nonce, Slack
   * keeps it in the post's metadata. `earlierAttemptAtMs` is set when an attempt since then may
   * have reached the platform without "sent" being recorded (its worker died, or the call timed
   * out): a destination that can look its posts up posts only what is not there yet.
   */
  idempotency?: { key: string; earlierAttemptAtMs: number | null };
}

/**
 * The idempotency key of one delivery to one destination: 24 hexadecimal characters of a SHA-256,
 * short enough for Discord's 25-character nonce.
 */
export function deliveryIdempotencyKey(destinationId: string, deliveryKey: string): string {
  return createHash('sha256').update(`${destinationId}\n${deliveryKey}`).digest('hex').slice(0, 24);
}

export interface Destination {
  readonly id: string;
  readonly type: 'console' | 'slack' | 'discord';
  send(message: Message, options?: SendOptions): Promise<SendResult>;
  close?(): Promise<void>;
}
