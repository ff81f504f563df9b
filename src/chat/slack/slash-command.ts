/**
 * One slash command on Slack: acknowledge at once (Slack waits three seconds at most), then ask
 * the platform-neutral handler, then post the answer through the command's `response_url`:
 * privately (`ephemeral`) or for the channel (`in_channel`), as the handler says, in as many
 * posts as it takes within the five a `response_url` allows. A post Slack refuses for now (429,
 * 5xx) is sent again after Retry-After by the fetch `respond()` goes through (`respond-fetch.ts`).
 */
import type { SlackCommandMiddlewareArgs, SlashCommand } from '@slack/bolt';
import type { Logger } from '../../log.js';
import { withText } from '../core/compose.js';
import type { Caller, CommandHandler, CommandReply } from '../core/request.js';
import type { AdminCheck } from './admins.js';
import { renderSlackMessages } from './render.js';

/** Posts one `response_url` takes. */
export const RESPONSE_URL_USES = 5;

export interface SlashCommandDeps {
  answer: CommandHandler;
  isAdmin: AdminCheck;
  logger: Logger;
}

/** Who typed a command, and where, as the core sees it. */
export function callerOf(
  command: Pick<SlashCommand, 'user_id' | 'team_id' | 'channel_id'>,
  isAdmin: AdminCheck,
): Caller {
  return {
    platform: 'slack',
    userId: command.user_id,
    workspaceId: command.team_id || null,
    channelId: command.channel_id,
    isAdmin: () => isAdmin(command.user_id),
  };
}

async function answerOrApologise(deps: SlashCommandDeps, command: SlashCommand): Promise<CommandReply> {
  const name = command.command.replace(/^\//, '');
  try {
    return await deps.answer({
      command: name,
      input: { kind: 'text', text: command.text ?? '' },
      caller: callerOf(command, deps.isAdmin),
    });
  } catch (err) {
    // Bad input never throws; this is the store or Redis failing. Say so rather than stay silent.
    deps.logger.warn({ err, command: name }, 'a Slack command could not be answered');
    return {
      visibility: 'private',
      message: withText({
        kind: 'reply',
        topic: '',
        title: `/${name} could not answer just now`,
        sections: [{ lines: ['Something went wrong on the bot’s side. Try again in a minute.'] }],
      }),
    };
  }
}

/** The bolt listener for every beat's slash command. */
export function slashCommandListener(deps: SlashCommandDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs): Promise<void> => {
    await ack();
    const reply = await answerOrApologise(deps, command);
    const responseType = reply.visibility === 'channel' ? 'in_channel' : 'ephemeral';
    for (const post of renderSlackMessages(reply.message, { maxMessages: RESPONSE_URL_USES })) {
      try {
        await respond({
          response_type: responseType,
          replace_original: false,
          text: post.text,
          blocks: post.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (err) {
        deps.logger.warn({ err, command: command.command }, 'could not post the answer to a Slack command');
        return;
      }
    }
  };
}
