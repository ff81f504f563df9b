/** `beatwatch run | worker | sources | demo` (placeholder until the service lands). */
import type { Command } from 'commander';

export function registerServiceCommands(program: Command): void {
  for (const name of ['run', 'worker', 'sources', 'demo']) {
    program
      .command(name)
      .description('(not implemented yet)')
      .action(() => {
        throw new Error(`${name} is not implemented yet`);
      });
  }
}
