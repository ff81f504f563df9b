/** `beatwatch parse` (placeholder until its module lands). */
import type { Command } from 'commander';

export function registerParseCommand(program: Command): void {
  program
    .command('parse')
    .description('(not implemented yet)')
    .action(() => {
      throw new Error('parse is not implemented yet');
    });
}
