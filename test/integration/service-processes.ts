/**
 * Spawns and kills worker processes for the crash and restart tests: `service-worker-process.ts`,
 * or another script of the same kind (prints `ready`, stops on SIGTERM).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(import.meta.dirname, 'service-worker-process.ts');

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker printed `ready`. */
  ready: Promise<void>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Everything it wrote to standard error so far. */
  stderr(): string;
}

/** Starts a worker process (`script`, default `service-worker-process.ts`) with the test's settings. */
export function spawnWorker(env: Record<string, string>, script = SCRIPT): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code, signal) =>
      reject(
        new Error(`worker exited before ready (code ${code}, signal ${signal}): ${stderr.slice(-2000)}`),
      ),
    );
  });
  return { child, ready, exited, stderr: () => stderr };
}

/** SIGKILL: no shutdown code runs, jobs in flight are left to stalled-job recovery. */
export async function killHard(worker: WorkerProcess): Promise<void> {
  worker.child.kill('SIGKILL');
  await worker.exited;
}

/** SIGTERM, waiting for the orderly shutdown. */
export async function stopGently(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  await worker.exited;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
