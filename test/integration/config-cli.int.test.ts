/**
 * `beatwatch config check` as a user runs it: every problem of a broken configuration listed in
 * one run, each with its file and key, and a non-zero exit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { killStartedClis, startCli } from '../helpers/cli-process.js';
import { writeBeatConfig } from '../helpers/config-files.js';

afterEach(killStartedClis);

/** An environment with none of beatwatch's variables, so the test's own shell cannot leak in. */
const BARE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

describe('beatwatch config check', () => {
  it('lists a refused time zone and a Slack destination without its tokens in the same run', async () => {
    const { configFile } = writeBeatConfig({
      prefix: 'config-check',
      main: {
        destinations: [
          {
            id: 'team',
            type: 'slack',
            channel: 'C1',
            topics: ['cecot'],
            digest: { timezone: 'Europe/Atlantis' },
          },
        ],
      },
    });
    const cli = startCli(['config', 'check', '-c', configFile], BARE_ENV);
    expect(await cli.exited).toBe(1);
    const lines = cli.stderr().split('\n');
    expect(lines[0]).toBe('Configuration has 2 problems:');
    expect(lines).toContainEqual(
      expect.stringMatching(/beatwatch\.yaml → destinations\.0\.digest\.timezone: "Europe\/Atlantis" is not/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/beatwatch\.yaml → destinations\.0: set SLACK_BOT_TOKEN plus SLACK_APP_TOKEN/),
    );
  });
});
