/**
 * A private, throw-away `redis-server` for the demo, the benchmark and tests that must restart
 * Redis: it listens on 127.0.0.1 on a free port, keeps its files in its own directory and is
 * stopped (and its directory removed) by the process that started it. When `REDIS_URL` is set,
 * {@link resolveRedis} uses that server instead and starts nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { redactUrlCredentials } from '../redact.js';

/** Stable codes of the errors this module throws. */
export type RedisServerErrorCode =
  | 'REDIS_UNREACHABLE'
  | 'REDIS_SERVER_NOT_FOUND'
  | 'REDIS_SERVER_EXITED'
  | 'REDIS_SERVER_TIMEOUT'
  | 'REDIS_SERVER_STOPPED';

/** A private redis-server that could not be started or used; `cause` keeps the original error. */
export class RedisServerError extends Error {
  constructor(
    readonly code: RedisServerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RedisServerError';
  }
}

export interface PrivateRedisOptions {
  /** Keep an append-only file so data survives `restart()`; default false (pure in-memory). */
  appendOnly?: boolean;
  /** Directory for redis' files; default a new temporary directory, removed by `stop()`. */
  dir?: string;
  /** Port on 127.0.0.1; default a free port. */
  port?: number;
  /** The executable; default `redis-server` from PATH. */
  binary?: string;
  /** How long to wait for the server to answer PING; default 10 s. */
  startTimeoutMs?: number;
}

/** A running private Redis. `url` is `redis://127.0.0.1:PORT`. */
export interface PrivateRedis {
  url: string;
  port: number;
  dir: string;
  /** Shuts the server down (SIGTERM, then SIGKILL after 5 s) and removes a temporary dir. */
  stop(): Promise<void>;
  /** Stops and starts the server again on the same port and directory (an AOF is replayed). */
  restart(): Promise<void>;
}

const NOT_FOUND_HINT =
  'redis-server was not found on PATH. Either run Redis yourself and set REDIS_URL ' +
  '(for example `docker compose up redis`, then REDIS_URL=redis://127.0.0.1:6379), ' +
  'or install the Debian/Ubuntu package `redis-server` (apt-get install redis-server).';

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One PING over a raw socket: true when the server answers +PONG. */
function ping(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function argsFor(port: number, dir: string, appendOnly: boolean): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    // No RDB snapshots: a private server is either pure memory or an append-only file.
    '--save',
    '',
    '--appendonly',
    appendOnly ? 'yes' : 'no',
    // fsync on every write so a restart test loses nothing even after a hard kill.
    '--appendfsync',
    appendOnly ? 'always' : 'everysec',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--logfile',
    '',
    '--loglevel',
    'warning',
  ];
}

/** Children still running, killed if this process exits without stopping them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort so a crashed demo or test never leaves a redis-server behind.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

async function launch(
  binary: string,
  port: number,
  dir: string,
  appendOnly: boolean,
  timeoutMs: number,
): Promise<ChildProcess> {
  const child = spawn(binary, argsFor(port, dir, appendOnly), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let failure: RedisServerError | undefined;
  child.once('error', (err: NodeJS.ErrnoException) => {
    failure =
      err.code === 'ENOENT'
        ? new RedisServerError('REDIS_SERVER_NOT_FOUND', NOT_FOUND_HINT, { cause: err })
        : new RedisServerError('REDIS_SERVER_EXITED', `could not start ${binary}: ${err.message}`, {
            cause: err,
          });
  });
  child.once('exit', (code, signal) => {
    running.delete(child);
    failure ??= new RedisServerError(
      'REDIS_SERVER_EXITED',
      `redis-server exited during start-up (${signal ?? `code ${code}`}): ${output.trim() || 'no output'}`,
    );
  });
  running.add(child);
  installExitHook();

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failure) throw failure;
    if (await ping(port)) {
      // From now on an exit is the caller's business (stop(), or a crash it will notice).
      child.removeAllListeners('exit');
      child.once('exit', () => running.delete(child));
      return child;
    }
    await sleep(25);
  }
  child.kill('SIGKILL');
  throw new RedisServerError(
    'REDIS_SERVER_TIMEOUT',
    `redis-server on port ${port} did not answer PING within ${timeoutMs} ms: ${output.trim() || 'no output'}`,
  );
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

/**
 * Starts a private `redis-server` and waits until it answers. Throws {@link RedisServerError}
 * (`REDIS_SERVER_NOT_FOUND` with what to do instead) when there is no redis-server on PATH.
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const binary = options.binary ?? 'redis-server';
  const appendOnly = options.appendOnly ?? false;
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  if (timeoutMs <= 0) throw new RangeError('startTimeoutMs must be greater than 0');
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'beatwatch-redis-'));

  let port = options.port ?? 0;
  let child: ChildProcess | undefined;
  try {
    // A free port can be taken between asking and binding; try a few before giving up.
    for (let attempt = 0; ; attempt++) {
      const candidate = options.port ?? (await findFreePort());
      try {
        child = await launch(binary, candidate, dir, appendOnly, timeoutMs);
        port = candidate;
        break;
      } catch (err) {
        const retry =
          options.port === undefined &&
          attempt < 3 &&
          err instanceof RedisServerError &&
          err.code === 'REDIS_SERVER_EXITED' &&
          /address already in use/i.test(err.message);
        if (!retry) throw err;
      }
    }
  } catch (err) {
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child) await terminate(child);
      child = undefined;
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      if (stopped) throw new RedisServerError('REDIS_SERVER_STOPPED', 'restart() called after stop()');
      if (child) await terminate(child);
      child = await launch(binary, port, dir, appendOnly, timeoutMs);
    },
  };
}

/** The Redis a command should use, and how to let go of it. */
export interface ResolvedRedis {
  url: string;
  /** True when a private redis-server was started for this process. */
  private: boolean;
  /** Stops the private server; does nothing for a server given by URL. */
  stop(): Promise<void>;
}

/**
 * Checks that the Redis at `url` answers PING within `timeoutMs`; throws `REDIS_UNREACHABLE`
 * (naming the URL, without credentials) otherwise. Commands call it before starting workers,
 * whose connections would otherwise wait for Redis forever.
 */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  const shown = redactUrlCredentials(url);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new RedisServerError(
      'REDIS_UNREACHABLE',
      `cannot reach Redis at ${shown}: ${(err as Error).message.replace(/\.$/, '')}. Start it (e.g. \`docker compose up redis\`) ` +
        'or unset REDIS_URL to let the command start a private redis-server.',
      { cause: err },
    );
  } finally {
    client.disconnect();
  }
}

/**
 * Uses `url` (the caller passes `REDIS_URL` from the config) when set, after checking that it
 * answers; otherwise starts a private redis-server that `stop()` shuts down.
 */
export async function resolveRedis(
  url: string | undefined,
  options: PrivateRedisOptions = {},
): Promise<ResolvedRedis> {
  if (url && url.trim() !== '') {
    await assertRedisReachable(url);
    return { url, private: false, stop: async () => {} };
  }
  const server = await startPrivateRedis(options);
  return { url: server.url, private: true, stop: () => server.stop() };
}
