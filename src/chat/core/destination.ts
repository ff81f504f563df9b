/**
 * Where messages go. The console, Slack and Discord adapters implement this one interface, so
 * delivery never knows which platform it is talking to.
 */
import type { Message } from './message.js';

export type SendResult =
  | { ok: true /** platform id of the posted message, if any */; ref?: string }
  /** The platform asked us to wait; delivery reschedules instead of failing. */
  | { ok: false; retryAfterMs: number; reason: string };

export interface Destination {
  readonly id: string;
  readonly type: 'console' | 'slack' | 'discord';
  send(message: Message): Promise<SendResult>;
  close?(): Promise<void>;
}
