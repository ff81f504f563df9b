/**
 * `beatwatch worker` as the reliability tests run it: the configuration file named by
 * `BEATWATCH_CONFIG` and the secrets and API endpoints from the environment, read by the real
 * `loadConfig`, so Slack and Discord destinations post through the real SDKs to whatever
 * `SLACK_API_URL` and `DISCORD_API_URL` name. What differs from the command: short timings (a
 * killed worker's jobs come back in about a second), no HTTP server, and the SSRF guard exempting
 * only the addresses in `BW_ALLOW_ADDRESSES` (the local feed server), so a feed at any other
 * private address is still refused. Started with `node --import tsx`; prints `ready`, logs
 * warnings as JSON lines on standard error, stops cleanly on SIGTERM.
 */
import { loadConfig } from '../../src/config/load.js';
import { createFeedFetcher } from '../../src/feeds/fetch/index.js';
import { createLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import { FAST_TIMINGS } from '../integration/service-support.js';

const config = loadConfig({});
const allowAddresses = JSON.parse(process.env.BW_ALLOW_ADDRESSES ?? '[]') as string[];
const concurrency = JSON.parse(process.env.BW_CONCURRENCY ?? '{}') as Record<string, number>;
const service = await startBeatwatch({
  config,
  roles: ['poll', 'ingest', 'deliver'],
  pipeline: { fetcher: createFeedFetcher(config.fetch, { allowAddresses }) },
  logger: createLogger({ level: 'warn', format: 'json' }),
  timings: FAST_TIMINGS,
  concurrency,
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  service.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
