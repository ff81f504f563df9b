/**
 * A `beatwatch worker` process for the crash and restart tests: the real service with poll,
 * ingest and deliver roles, recording destinations in the test's Redis prefix, fast timings.
 * Started with `node --import tsx`; settings come from the environment the test sets.
 * Prints `ready` once its workers run; stops cleanly on SIGTERM.
 */
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import { createRecordingDestination, FAST_TIMINGS, testConfig } from './service-support.js';

const redisUrl = process.env.BW_TEST_REDIS_URL!;
const prefix = process.env.BW_TEST_PREFIX!;
const feeds = JSON.parse(process.env.BW_TEST_FEEDS!) as Array<{ url: string; name: string }>;
const destinationIds = JSON.parse(process.env.BW_TEST_DESTINATIONS ?? '["recording"]') as string[];
const sendDelayMs = Number(process.env.BW_TEST_SEND_DELAY_MS ?? 0);

const config = testConfig({ prefix, feeds, redisUrl, postOnFirstFetch: true, destinations: destinationIds });
const service = await startBeatwatch({
  config,
  redisUrl,
  roles: ['poll', 'ingest', 'deliver'],
  destinations: destinationIds.map((id) => createRecordingDestination(redisUrl, prefix, { id, sendDelayMs })),
  pipeline: { createDestination: () => null },
  logger: silentLogger(),
  timings: FAST_TIMINGS,
  concurrency: { deliver: 2 },
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  service.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
