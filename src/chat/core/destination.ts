/**
 * Where messages go. The console, Slack and Discord adapters implement this one interface, so
 * delivery never knows which platform it is talking to.
 */
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
  | { ok: false; kind: 'permanent'; reason: string };

/** How to post one message. */
export interface SendOptions {
  /**
   * Post as a reply to this earlier message (the `ref` its send returned): a Slack thread, a
   * Discord reply. A platform that cannot thread posts it on its own.
   */
  replyTo?: string;
}

export interface Destination {
  readonly id: string;
  readonly type: 'console' | 'slack' | 'discord';
  send(message: Message, options?: SendOptions): Promise<SendResult>;
  close?(): Promise<void>;
}
