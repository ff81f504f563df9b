/**
 * `beatwatch run` (every role in one process; slash commands too when a chat platform's tokens are
 * set), `beatwatch worker` (workers only, to scale out on the same Redis), `beatwatch bot` (slash
 * commands only), `beatwatch sources` (every feed with its health), and `demo` (registered by the
 * demo module).
 */
import { type Command, InvalidArgumentError } from 'commander';
import { Redis } from 'ioredis';
import { chatSetupProblems, hasChatCredentials } from '../chat/platforms.js';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { registerDemoCommand } from '../demo/command.js';
import { createLogger, type Logger } from '../log.js';
import { startBeatwatch } from '../main.js';
import { redactUrlCredentials } from '../redact.js';
import { startProgress } from '../service/progress.js';
import {
  configuredFeeds,
  displayableFeedState,
  formatPausedDestinations,
  formatSources,
  withConfiguredFeeds,
} from '../service/sources.js';
import { type Service, ServiceError } from '../service/start.js';
import { createRedisDestinationStore } from '../store/destination-store.js';
import { createRedisFeedStore } from '../store/feed-store.js';

interface ServiceFlags {
  config?: string;
  port?: number;
  logLevel?: string;
}

/** `--port`: a whole number from 0 to 65535, or commander explains the mistake and exits 1. */
function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535)
    throw new InvalidArgumentError('expected a whole number from 0 to 65535 (0 picks a free port).');
  return Number(value);
}

function loadOrExplain(path: string | undefined): Config | null {
  try {
    return loadConfig({ path });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
      return null;
    }
    throw err;
  }
}

/** A short status line for the progress display. */
async function statusLine(service: Service): Promise<string> {
  // Queue counts would wait for Redis; the link already says, once, that it is away.
  if (service.redis.status !== 'ready') return 'beatwatch: waiting for Redis…';
  const counts = await Promise.all([
    service.queues.poll.getJobCounts('active', 'waiting'),
    service.queues.ingest.getJobCounts('active', 'waiting', 'delayed'),
    service.queues.deliver.getJobCounts('active', 'waiting', 'delayed'),
  ]);
  const [poll, ingest, deliver] = counts.map((c) => Object.values(c).reduce((a, b) => a + b, 0));
  const sent = (await service.metrics.deliveries.get()).values
    .filter((v) => v.labels.result === 'sent')
    .reduce((a, v) => a + v.value, 0);
  const polls = (await service.metrics.polls.get()).values.reduce((a, v) => a + v.value, 0);
  return `beatwatch: ${polls} polls · queued poll ${poll} / ingest ${ingest} / deliver ${deliver} · ${sent} delivered`;
}

/**
 * Stops on SIGTERM or SIGINT at any moment: while waiting for Redis (start-up gives up), or
 * running (jobs in flight finish or are handed back). A second signal exits at once.
 */
function onStopSignal(logger: Logger, stop: () => void): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      // A second Ctrl-C means "now": jobs in flight are handed back by stalled-job recovery.
      logger.warn('second signal: exiting without waiting for jobs');
      process.exit(130);
    }
    logger.info({ signal }, 'stopping');
    stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/**
 * Whether the chat credentials let this process start: every problem with them is printed (naming
 * the variables, never their values), and `bot` needs at least one platform.
 */
async function chatReady(mode: ServiceMode, config: Config): Promise<boolean> {
  const problems = await chatSetupProblems(config);
  if (mode === 'bot' && !hasChatCredentials(config)) {
    problems.push(
      'beatwatch bot answers slash commands on Slack or Discord: set SLACK_BOT_TOKEN (with SLACK_APP_TOKEN ' +
        'or SLACK_SIGNING_SECRET), or DISCORD_TOKEN (with DISCORD_APPLICATION_ID); see the README',
    );
  }
  if (problems.length === 0) return true;
  process.stderr.write(`beatwatch ${mode} cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exitCode = 1;
  return false;
}

type ServiceMode = 'run' | 'worker' | 'bot';

async function runService(mode: ServiceMode, flags: ServiceFlags): Promise<void> {
  const config = loadOrExplain(flags.config);
  if (!config || !(await chatReady(mode, config))) return;
  const logger = createLogger({ level: flags.logLevel ?? 'info', base: { pid: process.pid, role: mode } });
  const shutdown = new AbortController();
  let stopped: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  // Installed before anything starts, so a signal during start-up stops cleanly too.
  onStopSignal(logger, () => shutdown.abort());
  let service: Service;
  try {
    service = await startBeatwatch({
      config,
      roles: mode,
      logger,
      httpPort: flags.port,
      signal: shutdown.signal,
    });
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'SERVICE_ABORTED') {
      logger.info('stopped before start-up finished');
      return;
    }
    // Our own errors say what to do; a stack trace would only bury that.
    const fields = err instanceof ServiceError ? { code: err.code } : { err };
    logger.error(fields, `beatwatch ${mode} cannot start: ${(err as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const stopProgress = startProgress({ stream: process.stderr, read: () => statusLine(service) });
  logger.info(
    { topics: config.topics.map((t) => t.id), http: service.httpPort },
    `beatwatch ${mode} started`,
  );
  const stopService = () => {
    stopProgress();
    service.stop().then(stopped, (err) => {
      logger.error({ err }, 'error while stopping');
      process.exitCode = 1;
      stopped();
    });
  };
  if (shutdown.signal.aborted) stopService();
  else shutdown.signal.addEventListener('abort', stopService, { once: true });
  await done;
  // Everything is closed; what is left are library timers (BullMQ's wait for its next job, ioredis'
  // disconnect guard) that would keep the process up to six seconds more after a Redis outage.
  process.exit();
}

async function listSources(flags: { config?: string; json?: boolean }): Promise<void> {
  const config = loadOrExplain(flags.config);
  if (!config) return;
  const redis = new Redis(config.env.REDIS_URL, {
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    // One attempt: a one-shot command should say Redis is unreachable, not retry for ever.
    retryStrategy: () => null,
  });
  let lastError: Error | null = null;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    await redis.connect();
    const store = createRedisFeedStore(redis, config.redis.keyPrefix, {
      retentionMs: config.retention.days * 86_400_000,
    });
    const states = withConfiguredFeeds(await store.list(), configuredFeeds(config.topics));
    if (flags.json) process.stdout.write(`${JSON.stringify(states.map(displayableFeedState))}\n`);
    else {
      const destinations = await createRedisDestinationStore(redis, config.redis.keyPrefix).list();
      const lines = [
        ...formatSources(states, Date.now()),
        ...formatPausedDestinations(destinations, Date.now()),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  } catch (err) {
    const reason = (lastError as Error | null)?.message ?? (err as Error).message;
    process.stderr.write(
      `beatwatch sources: cannot read feed state from Redis at ${redactUrlCredentials(config.env.REDIS_URL)}: ${reason}\n` +
        '  Is Redis running? Set REDIS_URL, or start one with `docker compose up redis`.\n',
    );
    process.exitCode = 1;
  } finally {
    redis.disconnect();
  }
}

export function registerServiceCommands(program: Command): void {
  const common = (cmd: Command) =>
    cmd
      .option('-c, --config <file>', 'main config file (default: $BEATWATCH_CONFIG or config/default.yaml)')
      .option(
        '-p, --port <port>',
        'HTTP port for /healthz and /metrics (default: $BEATWATCH_HTTP_PORT or 8080)',
        parsePort,
      )
      .option('--log-level <level>', 'trace, debug, info, warn, error', 'info');
  common(
    program.command('run').description('Run every role in one process: schedulers, workers, HTTP'),
  ).action((flags: ServiceFlags) => runService('run', flags));
  common(
    program
      .command('worker')
      .description('Run poll, ingest and deliver workers only (add more to scale out)'),
  ).action((flags: ServiceFlags) => runService('worker', flags));
  common(
    program
      .command('bot')
      .description(
        'Answer slash commands only (Slack Socket Mode or HTTP, Discord gateway or HTTP), with HTTP',
      ),
  ).action((flags: ServiceFlags) => runService('bot', flags));
  program
    .command('sources')
    .description('List every feed with its health (last poll, failures, paused and why)')
    .option('-c, --config <file>', 'main config file (default: $BEATWATCH_CONFIG or config/default.yaml)')
    .option('--json', 'one JSON array of feed states')
    .action((flags: { config?: string; json?: boolean }) => listSources(flags));
  registerDemoCommand(program);
}
