/**
 * A chat platform as the service sees it. `src/chat/slack` and `src/chat/discord` each build one
 * from their settings; the composition root decides which exist (by the credentials present) and
 * which parts a process uses: every process that delivers asks for destinations, and only the
 * process with the `bot` role mounts the HTTP routes and starts answering commands.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Destination } from './destination.js';
import type { ChatPlatformType } from './request.js';

/** Handles an HTTP request it recognises and returns true; false passes it on. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface ChatPlatform {
  readonly type: ChatPlatformType;
  /**
   * A short fingerprint of the bot token this process uses ({@link credentialTag}): a pause caused
   * by a refused token keeps it, so a restart with another token can lift the pause.
   */
  readonly credentialTag: string;
  /** A destination that posts to one channel through this platform's client. */
  destination(id: string, channel: string): Destination;
  /** Routes for incoming requests in HTTP mode (`POST /slack/events`, `POST /discord/interactions`). */
  readonly routes: readonly HttpRoute[];
  /** Starts answering commands over Socket Mode or the gateway, when those are configured. */
  startCommands(): Promise<void>;
  /** Stops receiving and closes every connection. */
  close(): Promise<void>;
}

/**
 * 12 hexadecimal characters of the token's SHA-256: enough to tell two tokens apart, too few to
 * say anything about either.
 */
export function credentialTag(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}
