/** `beatwatch demo`: see {@link runDemo}. */
import { type Command, Option } from 'commander';
import { runDemo } from './run.js';

/** Registers the `demo` command. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Run beatwatch end to end on fictional sample feeds: alerts, a follow with its thread, a digest and /cecot stats in the console (under a minute).',
    )
    .addOption(
      new Option(
        '--redis-url <url>',
        'Redis to use (default: a private redis-server started for the demo)',
      ).env('REDIS_URL'),
    )
    .action(async (opts: { redisUrl?: string }) => {
      // Last resort: the demo promises to end within a minute, even if something hangs.
      const guard = setTimeout(() => {
        process.stderr.write('beatwatch: the demo did not finish within 60 s; giving up.\n');
        process.exit(1);
      }, 60_000);
      guard.unref();
      try {
        await runDemo({ redisUrl: opts.redisUrl, out: process.stdout, err: process.stderr });
      } finally {
        clearTimeout(guard);
      }
    });
}
