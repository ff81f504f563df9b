/** `beatwatch config check`: loads the whole configuration and lists every problem at once. */
import type { Command } from 'commander';
import { chatSetupProblems } from '../chat/platforms.js';
import { ConfigError, loadConfig } from '../config/load.js';

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('Inspect the configuration');
  config
    .command('check')
    .description('Check config files, beat briefs and environment; list every problem')
    .option('-c, --config <file>', 'main config file (default: $BEATWATCH_CONFIG or config/default.yaml)')
    .action(async (opts: { config?: string }) => {
      try {
        const cfg = loadConfig({ path: opts.config });
        const chat = await chatSetupProblems(cfg);
        if (chat.length > 0) {
          process.stderr.write(
            `Chat credentials in the environment:\n${chat.map((p) => `  - ${p}`).join('\n')}\n`,
          );
          process.exitCode = 1;
          return;
        }
        const feeds = cfg.topics.reduce((n, t) => n + t.feeds.length, 0);
        process.stdout.write(
          `Configuration OK: ${cfg.path}\n` +
            `  topics: ${cfg.topics.map((t) => `${t.id} (${t.feeds.length} feeds, ${t.brief.facts.length} known facts)`).join(', ')}\n` +
            `  feeds: ${feeds}; destinations: ${cfg.destinations.map((d) => `${d.id} (${d.type})`).join(', ') || 'none'}\n` +
            `  chat: ${[cfg.env.SLACK_BOT_TOKEN ? 'Slack' : '', cfg.env.DISCORD_TOKEN ? 'Discord' : ''].filter(Boolean).join(', ') || 'none (console only)'}\n`,
        );
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`${err.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw err;
      }
    });
}
