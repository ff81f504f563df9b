/**
 * `beatwatch register-commands`: the commands generated from the subcommand specs reach Discord
 * (the fake) as one bulk overwrite, in a guild or globally; a missing variable is named.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBCOMMAND_SPECS } from '../../src/chat/core/command-spec.js';
import { slashCommandOf } from '../../src/chat/discord/commands.js';
import { runRegisterCommands } from '../../src/commands/register-commands.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';

const run = promisify(execFile);
const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'beatwatch.js');
const CONFIG = join(ROOT, 'config', 'default.yaml');
let fake: FakeDiscord;

function configWith(env: Record<string, string>): Config {
  return loadConfig({ path: CONFIG, env });
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  // The bin runs dist/; CI builds it on install, a fresh checkout may not have it yet.
  if (!existsSync(join(ROOT, 'dist', 'commands', 'register-commands.js'))) {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT });
  }
});

afterAll(async () => {
  await fake?.close();
});

describe('beatwatch register-commands', () => {
  const env = () => ({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  });

  it('registers each beat in a guild, as generated from the specs', async () => {
    const config = configWith(env());
    const said = await runRegisterCommands({ config, guild: '900000000000000001' });
    expect(said).toBe('Registered /cecot in guild 900000000000000001 (available now).');
    const put = fake.requests.at(-1)!;
    expect(put).toMatchObject({
      method: 'PUT',
      path: `/applications/${fake.applicationId}/guilds/900000000000000001/commands`,
      authorization: `Bot ${fake.token}`,
      status: 200,
    });
    expect(put.body).toEqual(config.topics.map((t) => slashCommandOf(t)));
    const [cecot] = put.body as Array<{ name: string; options: Array<{ name: string; type: number }> }>;
    expect(cecot!.name).toBe('cecot');
    expect(cecot!.options.map((o) => o.name)).toEqual(SUBCOMMAND_SPECS.map((s) => s.name));
  });

  it('registers globally without --guild, through the command line', async () => {
    const { stdout } = await run('node', [BIN, 'register-commands', '--config', CONFIG], {
      cwd: ROOT,
      env: { ...process.env, ...env() },
    });
    expect(stdout.trim()).toBe('Registered /cecot globally.');
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: `/applications/${fake.applicationId}/commands`,
      status: 200,
    });
  });

  it('names the missing variable', async () => {
    const { DISCORD_TOKEN: _token, ...noToken } = env();
    await expect(runRegisterCommands({ config: configWith(noToken) })).rejects.toMatchObject({
      code: 'DISCORD_TOKEN_MISSING',
      message: expect.stringContaining('DISCORD_TOKEN is not set'),
    });
    const { DISCORD_APPLICATION_ID: _id, ...noId } = env();
    await expect(runRegisterCommands({ config: configWith(noId) })).rejects.toMatchObject({
      code: 'DISCORD_APPLICATION_ID_MISSING',
      message: expect.stringContaining('DISCORD_APPLICATION_ID is not set'),
    });
    const cli = run('node', [BIN, 'register-commands', '--config', CONFIG], {
      cwd: ROOT,
      env: { ...process.env, DISCORD_TOKEN: '', DISCORD_API_URL: fake.apiUrl },
    });
    await expect(cli).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('DISCORD_TOKEN is not set'),
    });
  });
});
