import { describe, expect, it } from 'vitest';
import { SUBCOMMAND_SPECS, type SubcommandSpec } from '../../../../src/chat/core/command-spec.js';
import { slashCommandOf } from '../../../../src/chat/discord/commands.js';
import { DiscordSetupError } from '../../../../src/chat/discord/errors.js';

const topic = { command: 'cecot', name: "CECOT — El Salvador's mega-prison and the US deportations" };

describe('the Discord command definition', () => {
  it('is one command per beat with a subcommand per spec, named options included', () => {
    const command = slashCommandOf(topic);
    expect(command).toMatchObject({ type: 1, name: 'cecot', description: topic.name });
    expect(command.options?.map((o) => [o.name, o.type])).toEqual(SUBCOMMAND_SPECS.map((s) => [s.name, 1]));
    const byName = new Map(command.options?.map((o) => [o.name, o]));
    expect(byName.get('latest')).toMatchObject({
      options: [{ name: 'count', type: 4, required: false, min_value: 1, max_value: 10 }],
    });
    expect(byName.get('search')).toMatchObject({
      options: [{ name: 'words', type: 3, required: true, max_length: 200 }],
    });
    expect(byName.get('stats')).not.toHaveProperty('options');
    for (const o of command.options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
  });

  it('carries choices and bounds of any spec, with required options first', () => {
    const specs: SubcommandSpec[] = [
      {
        name: 'digest',
        description: 'Daily digest',
        usage: 'digest now|on|off',
        adminOnly: false,
        options: [
          { name: 'time', description: 'HH:MM', type: 'string', required: false, maxLength: 5 },
          {
            name: 'action',
            description: 'What to do',
            type: 'string',
            required: true,
            choices: ['now', 'on', 'off'],
          },
          { name: 'days', description: 'Days', type: 'integer', required: false, choices: ['1', '7'] },
        ],
      },
    ];
    const [digest] = slashCommandOf(topic, specs).options ?? [];
    expect(digest).toEqual({
      type: 1,
      name: 'digest',
      description: 'Daily digest',
      options: [
        {
          name: 'action',
          description: 'What to do',
          type: 3,
          required: true,
          choices: [
            { name: 'now', value: 'now' },
            { name: 'on', value: 'on' },
            { name: 'off', value: 'off' },
          ],
        },
        { name: 'time', description: 'HH:MM', type: 3, required: false, max_length: 5 },
        {
          name: 'days',
          description: 'Days',
          type: 4,
          required: false,
          choices: [
            { name: '1', value: 1 },
            { name: '7', value: 7 },
          ],
        },
      ],
    });
  });

  it('refuses a spec Discord would refuse, with a coded error', () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ ...SUBCOMMAND_SPECS[0]!, name: `s${i}` }));
    expect(() => slashCommandOf(topic, many)).toThrow(DiscordSetupError);
    expect(() => slashCommandOf(topic, many)).toThrow(/26 subcommands; Discord allows 25/);
  });
});
