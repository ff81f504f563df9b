/**
 * What the fake Discord sends and answers with: snowflakes, the chat input interactions Discord
 * sends a bot (from the gateway or to its HTTP endpoint), and the error answers tests script.
 */

/** A failure to answer with, instead of the normal response. */
export type FakeFailure =
  | { kind: 'rate-limit'; retryAfterSeconds: number; global?: boolean }
  | { kind: 'server-error'; status?: number }
  | { kind: 'unknown-channel' }
  | { kind: 'missing-access' }
  | { kind: 'missing-permissions' }
  | { kind: 'unauthorized' };

export interface CommandInteractionInput {
  command: string;
  /** Omitted: a command without a subcommand. */
  subcommand?: string;
  options?: Record<string, string | number | boolean>;
  /** Null for a direct message with the bot; default {@link FAKE_GUILD_ID}. */
  guildId?: string | null;
  channelId?: string;
  userId?: string;
  /** The member's permissions in the channel (a bit set); default none. */
  permissions?: bigint;
}

const DISCORD_EPOCH = 1_420_070_400_000n;
export const FAKE_GUILD_ID = '700000000000000001';
export const FAKE_CHANNEL_ID = '700000000000000002';
export const FAKE_USER_ID = '700000000000000003';

const ERRORS: Record<
  'unknown-channel' | 'missing-access' | 'missing-permissions' | 'unauthorized',
  [number, number, string]
> = {
  'unknown-channel': [404, 10003, 'Unknown Channel'],
  'missing-access': [403, 50001, 'Missing Access'],
  'missing-permissions': [403, 50013, 'Missing Permissions'],
  unauthorized: [401, 0, '401: Unauthorized'],
};

let counter = 0n;
/** A snowflake: time since Discord's epoch, then a counter. */
export function snowflake(): string {
  counter += 1n;
  return ((BigInt(Date.now()) - DISCORD_EPOCH) * 4_194_304n + (counter % 4096n)).toString();
}

/** A chat input interaction as Discord sends it, in a server channel or a direct message. */
export function commandInteractionPayload(
  input: CommandInteractionInput,
  ids: { id: string; token: string; applicationId: string },
): Record<string, unknown> {
  const { id, applicationId } = ids;
  const interactionToken = ids.token;
  const guildId = input.guildId === undefined ? FAKE_GUILD_ID : input.guildId;
  const channelId = input.channelId ?? FAKE_CHANNEL_ID;
  const user = {
    id: input.userId ?? FAKE_USER_ID,
    username: 'reader',
    discriminator: '0',
    global_name: 'Reader',
    avatar: null,
  };
  // Option types as Discord numbers them: 3 string, 4 integer, 5 boolean.
  const options = Object.entries(input.options ?? {}).map(([name, value]) => ({
    name,
    type: typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3,
    value,
  }));
  return {
    id,
    application_id: applicationId,
    type: 2,
    token: interactionToken,
    version: 1,
    data: {
      id: '700000000000000300',
      name: input.command,
      type: 1,
      ...(input.subcommand ? { options: [{ name: input.subcommand, type: 1, options }] } : {}),
    },
    channel_id: channelId,
    channel: guildId
      ? { id: channelId, type: 0, guild_id: guildId, name: 'news', flags: 0 }
      : { id: channelId, type: 1, flags: 0, recipients: [user] },
    ...(guildId
      ? {
          guild_id: guildId,
          guild: { id: guildId, locale: 'en-US', features: [] },
          guild_locale: 'en-US',
          member: {
            user,
            roles: [],
            permissions: String(input.permissions ?? 0n),
            joined_at: '2026-01-01T00:00:00.000Z',
            premium_since: null,
            nick: null,
            pending: false,
            mute: false,
            deaf: false,
            flags: 0,
          },
        }
      : { user }),
    app_permissions: '2147600384',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
    context: guildId ? 0 : 1,
    attachment_size_limit: 8_388_608,
  };
}

/** The status, body and headers Discord answers a failure with. */
export function failureResponse(failure: FakeFailure): [number, unknown, Record<string, string>?] {
  switch (failure.kind) {
    case 'rate-limit': {
      const after = String(failure.retryAfterSeconds);
      return [
        429,
        {
          message: 'You are being rate limited.',
          retry_after: failure.retryAfterSeconds,
          global: failure.global ?? false,
        },
        {
          'retry-after': after,
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': after,
          'x-ratelimit-scope': failure.global ? 'global' : 'user',
          ...(failure.global ? { 'x-ratelimit-global': 'true' } : {}),
        },
      ];
    }
    case 'server-error':
      return [failure.status ?? 500, { message: '500: Internal Server Error', code: 0 }];
    default: {
      const [status, code, message] = ERRORS[failure.kind];
      return [status, { message, code }];
    }
  }
}
