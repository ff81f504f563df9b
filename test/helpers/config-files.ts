/**
 * A configuration on disk for tests that run the `beatwatch` command: one beat (`cecot`, with the
 * shipped brief) under a key prefix of the test's own, its feeds as given, and any other settings
 * of the main file (fetch, poll, destinations…).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');

/** Writes the main file and the beat file into a new temporary directory; returns both paths. */
export function writeBeatConfig(options: {
  prefix: string;
  feeds?: ReadonlyArray<{ url: string; name: string; pollIntervalMinutes?: number }>;
  /** More keys of the main file, e.g. `{ poll: { postOnFirstFetch: true }, destinations: [...] }`. */
  main?: Record<string, unknown>;
}): { dir: string; configFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bw-config-'));
  const configFile = join(dir, 'beatwatch.yaml');
  const topicFile = join(dir, 'beat.yaml');
  const feeds = options.feeds ?? [];
  writeFileSync(
    topicFile,
    [
      'id: cecot',
      'name: CECOT',
      'command: cecot',
      `brief: ${join(ROOT, 'seeds', 'cecot.yaml')}`,
      ...(feeds.length > 0
        ? [
            'feeds:',
            ...feeds.map(
              (f) =>
                `  - { url: "${f.url}", name: ${f.name}${f.pollIntervalMinutes ? `, pollIntervalMinutes: ${f.pollIntervalMinutes}` : ''} }`,
            ),
          ]
        : []),
      'match: { strong: [CECOT] }',
    ].join('\n'),
  );
  writeFileSync(
    configFile,
    stringify({ redis: { keyPrefix: options.prefix }, topics: [topicFile], ...options.main }),
  );
  return { dir, configFile };
}
