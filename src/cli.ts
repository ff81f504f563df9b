#!/usr/bin/env node
/**
 * The `beatwatch` command. Each sub-command lives in its own module under `commands/` and
 * registers itself here; this file only assembles them and turns an uncaught error into a
 * clear message and a non-zero exit code.
 */
import { Command } from 'commander';
import { registerAnalyzeCommand } from './commands/analyze.js';
import { registerConfigCommand } from './commands/config.js';
import { registerParseCommand } from './commands/parse.js';
import { registerServiceCommands } from './commands/service.js';

/** Builds the command tree; exported so tests can run commands in-process. */
export function buildProgram(): Command {
  const program = new Command('beatwatch')
    .description('Watches a news beat and reports it into Slack, Discord or the console.')
    .version('0.1.0')
    .showHelpAfterError();
  registerConfigCommand(program);
  registerParseCommand(program);
  registerAnalyzeCommand(program);
  registerServiceCommands(program);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`beatwatch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
