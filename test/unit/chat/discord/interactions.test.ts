import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { type CommandInteraction, commandRequestOf } from '../../../../src/chat/discord/interactions.js';

function interaction(overrides: Partial<CommandInteraction> = {}): CommandInteraction {
  return {
    command: 'cecot',
    options: [{ name: 'latest', type: 1, options: [{ name: 'count', type: 4, value: 3 }] }],
    userId: 'u1',
    guildId: 'g1',
    channelId: 'c1',
    memberPermissions: 0n,
    ...overrides,
  };
}

describe('a Discord interaction as a command request', () => {
  it('gives the subcommand with its named options, and who asked from where', async () => {
    const request = commandRequestOf(interaction());
    expect(request.command).toBe('cecot');
    expect(request.input).toEqual({ kind: 'options', subcommand: 'latest', options: { count: 3 } });
    expect(request.caller).toMatchObject({
      platform: 'discord',
      userId: 'u1',
      workspaceId: 'g1',
      channelId: 'c1',
    });
    expect(await request.caller.isAdmin()).toBe(false);
  });

  it('asks for help when there is no subcommand', () => {
    expect(commandRequestOf(interaction({ options: [] })).input).toEqual({
      kind: 'options',
      subcommand: 'help',
      options: {},
    });
  });

  it('counts Manage Server and Administrator as admin, in a server only', async () => {
    const admin = (memberPermissions: bigint | null, guildId: string | null = 'g1') =>
      commandRequestOf(interaction({ memberPermissions, guildId })).caller.isAdmin();
    expect(await admin(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(await admin(PermissionFlagsBits.Administrator)).toBe(true);
    expect(await admin(PermissionFlagsBits.ManageChannels | PermissionFlagsBits.SendMessages)).toBe(false);
    expect(await admin(null, null)).toBe(false);
  });
});
