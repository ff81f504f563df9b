/**
 * The `beatwatch` command run as a process, from the sources, the way a user or Docker starts it:
 * its standard error kept for the test to read, its exit awaited, and every process a test
 * started killed afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** A running `beatwatch` process. */
export interface CliProcess {
  child: ChildProcess;
  /** Everything written to standard error so far. */
  stderr(): string;
  /** The exit code, once the process has exited. */
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

/** Starts `beatwatch <args…>` with `env` as its whole environment. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** Kills every process started so far that is still running (call it after each test). */
export function killStartedClis(): void {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
}
