#!/usr/bin/env node
/**
 * The `beatwatch` command. Each sub-command lives in its own module under `commands/` and
 * registers itself here; this file only assembles them and turns an uncaught error into a
 * clear message and a non-zero exit code.
 */
import { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Command modules by the names they register. They are imported only when needed: the service
 * commands pull in BullMQ and ioredis, which would otherwise add a second to every
 * `beatwatch parse` that tools run hundreds of times.
 */
const COMMAND_MODULES: Record<string, () => Promise<Register>> = {
  config: async () => (await import('./commands/config.js')).registerConfigCommand,
  parse: async () => (await import('./commands/parse.js')).registerParseCommand,
  analyze: async () => (await import('./commands/analyze.js')).registerAnalyzeCommand,
  demo: async () => (await import('./demo/command.js')).registerDemoCommand,
  service: async () => (await import('./commands/service.js')).registerServiceCommands,
  'register-commands': async () =>
    (await import('./commands/register-commands.js')).registerRegisterCommandsCommand,
};

const SERVICE_COMMANDS = new Set(['run', 'worker', 'bot', 'sources']);

function modulesFor(commandName: string | undefined): string[] {
  if (commandName && SERVICE_COMMANDS.has(commandName)) return ['service'];
  if (commandName && commandName in COMMAND_MODULES && commandName !== 'service') return [commandName];
  // Help, an unknown command or no command: register everything so help and errors list them all.
  return ['config', 'parse', 'analyze', 'service', 'register-commands'];
}

/** Builds the command tree for the given argv; exported so tests can run commands in-process. */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command('beatwatch')
    .description('Watches a news beat and reports it into Slack, Discord or the console.')
    .version('0.1.0')
    .showHelpAfterError();
  for (const name of modulesFor(argv[2])) (await COMMAND_MODULES[name]!())(program);
  return program;
}

buildProgram()
  .then((program) => program.parseAsync(process.argv))
  .catch((err: unknown) => {
    process.stderr.write(`beatwatch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
