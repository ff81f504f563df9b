/**
 * Real `beatwatch` processes for the benchmark, configured as a self-hoster configures them: a
 * configuration directory written from the shipped one (`config/default.yaml` and its beat) with
 * the feeds pointed at the bench's local server, and the command run as its own process with
 * secrets and Redis in its environment. The compiled `dist/` runs when it is newer than every
 * source file (as the installed command does); otherwise the sources run through tsx.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parse, stringify } from 'yaml';

/** The project directory. */
export const ROOT = resolve(import.meta.dirname, '..');
const SHIPPED = join(ROOT, 'config', 'default.yaml');

/** How the shipped configuration is changed for a bench run. */
export interface DeploymentOptions {
  prefix: string;
  feedUrls: readonly string[];
  /** The beat's poll interval in minutes (shipped: 15). */
  pollIntervalMinutes?: number;
  /** Replace the shipped destinations (a console), as written in the file. */
  destinations?: Array<Record<string, unknown>>;
}

/** A configuration directory; `remove()` deletes it. */
export interface Deployment {
  configPath: string;
  remove(): void;
}

/** Writes the shipped configuration, changed as `options` say, to a new temporary directory. */
export function writeDeployment(options: DeploymentOptions): Deployment {
  const dir = mkdtempSync(join(tmpdir(), 'beatwatch-bench-'));
  const main = parse(readFileSync(SHIPPED, 'utf8')) as Record<string, unknown> & { topics: string[] };
  const shippedTopic = resolve(dirname(SHIPPED), main.topics[0]!);
  const topic = parse(readFileSync(shippedTopic, 'utf8')) as Record<string, unknown> & { brief: string };
  topic.brief = resolve(dirname(shippedTopic), topic.brief);
  topic.feeds = options.feedUrls.map((url, i) => ({ url, name: `Bench feed ${i}` }));
  if (options.pollIntervalMinutes !== undefined) topic.pollIntervalMinutes = options.pollIntervalMinutes;
  writeFileSync(join(dir, 'topic.yaml'), stringify(topic));
  main.redis = { keyPrefix: options.prefix };
  // The bench's feed server is on 127.0.0.1.
  main.fetch = { ...(main.fetch as object), allowPrivateNetworks: true };
  main.topics = ['topic.yaml'];
  if (options.destinations) main.destinations = options.destinations;
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, stringify(main));
  return { configPath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(path) : stat.mtimeMs);
  }
  return newest;
}

/** How to run the `beatwatch` command: the compiled one when it is up to date, else the sources. */
export function beatwatchCommand(): { command: string; args: string[]; compiled: boolean } {
  const cli = join(ROOT, 'dist', 'cli.js');
  let compiled = false;
  try {
    compiled = statSync(cli).mtimeMs >= newestMtime(join(ROOT, 'src'));
  } catch {
    compiled = false;
  }
  return compiled
    ? { command: process.execPath, args: [join(ROOT, 'bin', 'beatwatch.js')], compiled }
    : { command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'src', 'cli.ts')], compiled };
}

/** A running `beatwatch` process. */
export interface BeatwatchProcess {
  child: ChildProcess;
  /** Whether it runs the compiled `dist/` (else the sources through tsx), read when it was started. */
  compiled: boolean;
  /** Resolves once the process logged that it started; rejects if it exits first. */
  started: Promise<void>;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `beatwatch <mode> -c <config>` with `env` added to this process's environment and
 * `nodeOptions` given to Node before the script.
 */
export function startBeatwatchProcess(
  mode: 'run' | 'worker',
  deployment: Deployment,
  env: Record<string, string>,
  nodeOptions: string[] = [],
): BeatwatchProcess {
  const { command, args, compiled } = beatwatchCommand();
  const child = spawn(
    command,
    [...nodeOptions, ...args, mode, '-c', deployment.configPath, '--port', '0', '--log-level', 'info'],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines: string[] = [];
  const started = new Promise<void>((resolve, reject) => {
    const reader = createInterface({ input: child.stderr! });
    reader.on('line', (line) => {
      if (lines.length < 50) lines.push(line);
      if (line.includes(`beatwatch ${mode} started`)) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`beatwatch ${mode} exited (${code}) before starting:\n${lines.join('\n')}`)),
    );
  });
  started.catch(() => undefined);
  return {
    child,
    compiled,
    started,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a process, in bytes (Linux `/proc`, else `ps`). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    const kb = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return Number(kb) * 1024;
  }
}

/** CPU time a process has used (user + system, every thread), in seconds; Linux only, else 0. */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux), counted
    // after the command name, which is in parentheses and may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
