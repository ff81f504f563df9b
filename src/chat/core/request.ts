/**
 * A slash command as it reaches the platform-neutral core: who typed it, where, and what they
 * typed. Slack gives free text after `/cecot`; Discord gives a subcommand with named options.
 * Both adapters build a {@link CommandRequest}, hand it to one {@link CommandHandler}, and render
 * the {@link CommandReply} they get back in their own format.
 */
import type { Message } from './message.js';

/** The chat platforms that send commands. */
export type ChatPlatformType = 'slack' | 'discord';

/** Where a command came from: a chat platform, or the console (the demo, the CLI). */
export type CallerPlatform = ChatPlatformType | 'console';

/** Who sent a command, and from where. */
export interface Caller {
  platform: CallerPlatform;
  /** The platform's user id (Slack `U…`, Discord snowflake). */
  userId: string;
  /** Slack team id or Discord guild id; null for a Discord DM. */
  workspaceId: string | null;
  /** The channel the command was typed in. */
  channelId: string;
  /**
   * Whether the caller may manage the beat (subscribe a channel, add feeds). Asked only by
   * commands that need it: on Slack it may cost an API call, and throws a
   * {@link TryAgainLaterError} when the platform asks to wait before it can tell.
   */
  isAdmin(): Promise<boolean>;
}

/** What the caller typed. */
export type CommandInput =
  /** Slack: the text after the command, e.g. `latest 3`. */
  | { kind: 'text'; text: string }
  /** Discord: the subcommand and its named options, e.g. `latest` with `{ count: 3 }`. */
  | {
      kind: 'options';
      subcommand: string;
      options: Readonly<Record<string, string | number | boolean | undefined>>;
    };

/** One command for one beat. */
export interface CommandRequest {
  /** The slash command's name without the slash (`cecot`): it picks the beat. */
  command: string;
  input: CommandInput;
  caller: Caller;
}

/**
 * The answer. `private` replies are seen by the caller only (Slack ephemeral, Discord ephemeral
 * flag); `channel` replies are posted for everyone in the channel.
 */
export interface CommandReply {
  message: Message;
  visibility: 'private' | 'channel';
}

/** Answers commands; never throws on bad input (it answers with help instead). */
export type CommandHandler = (request: CommandRequest) => Promise<CommandReply>;

/** The operator at the console (the demo, the CLI): an admin, in no chat channel. */
export const CONSOLE_CALLER: Caller = {
  platform: 'console',
  userId: 'console',
  workspaceId: null,
  channelId: 'console',
  isAdmin: async () => true,
};

/**
 * The platform cannot answer for now (a 429 with Retry-After, an outage): the command is answered
 * with "try again in N s" instead of guessing.
 */
export class TryAgainLaterError extends Error {
  readonly code = 'TRY_AGAIN_LATER';
  constructor(
    readonly retryAfterMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'TryAgainLaterError';
  }
}

/** Whether `err` is a {@link TryAgainLaterError} (by its code, so a second copy of the module counts). */
export function isTryAgainLater(err: unknown): err is TryAgainLaterError {
  return (err as { code?: unknown })?.code === 'TRY_AGAIN_LATER';
}
