/** `beatwatch analyze` (placeholder until its module lands). */
import type { Command } from 'commander';

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('(not implemented yet)')
    .action(() => {
      throw new Error('analyze is not implemented yet');
    });
}
