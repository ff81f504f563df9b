/**
 * `beatwatch run` (every role in one process), `beatwatch worker` (workers only, to scale out on
 * the same Redis), `beatwatch sources` (every feed with its health), and `demo` (registered by
 * the demo module).
 */
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { registerDemoCommand } from '../demo/command.js';
import { createLogger } from '../log.js';
import { startBeatwatch } from '../main.js';
import { redactUrlCredentials } from '../redact.js';
import { startProgress } from '../service/progress.js';
import { scheduledFeeds } from '../service/schedule.js';
import { displayableFeedState, formatSources, withConfiguredFeeds } from '../service/sources.js';
import type { Service } from '../service/start.js';
import { createRedisFeedStore } from '../store/feed-store.js';

interface ServiceFlags {
  config?: string;
  port?: string;
  logLevel?: string;
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

async function runService(mode: 'run' | 'worker', flags: ServiceFlags): Promise<void> {
  const config = loadOrExplain(flags.config);
  if (!config) return;
  const logger = createLogger({ level: flags.logLevel ?? 'info', base: { pid: process.pid, role: mode } });
  const service = await startBeatwatch({
    config,
    roles: mode,
    logger,
    httpPort: flags.port === undefined ? undefined : Number(flags.port),
  });
  const stopProgress = startProgress({ stream: process.stderr, read: () => statusLine(service) });
  logger.info(
    { topics: config.topics.map((t) => t.id), http: service.httpPort },
    `beatwatch ${mode} started`,
  );
  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) {
        // A second Ctrl-C means "now": jobs in flight are handed back by stalled-job recovery.
        logger.warn('second signal: exiting without waiting for jobs');
        process.exit(130);
      }
      logger.info({ signal }, 'stopping: finishing jobs in flight');
      stopProgress();
      service.stop().then(resolve, (err) => {
        logger.error({ err }, 'error while stopping');
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
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
    const configured = scheduledFeeds(config.topics).map((f) => ({
      url: f.feedUrl,
      topic: f.topic,
      name: f.feedName,
    }));
    const states = withConfiguredFeeds(await store.list(), configured);
    if (flags.json) process.stdout.write(`${JSON.stringify(states.map(displayableFeedState))}\n`);
    else process.stdout.write(`${formatSources(states, Date.now()).join('\n')}\n`);
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
  program
    .command('sources')
    .description('List every feed with its health (last poll, failures, paused and why)')
    .option('-c, --config <file>', 'main config file (default: $BEATWATCH_CONFIG or config/default.yaml)')
    .option('--json', 'one JSON array of feed states')
    .action((flags: { config?: string; json?: boolean }) => listSources(flags));
  registerDemoCommand(program);
}
