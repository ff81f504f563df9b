/**
 * A configuration on disk for tests that run the `beatwatch` command: one beat (`cecot`, with the
 * shipped brief) under a key prefix of the test's own, its feeds as given.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Writes the main file and the beat file into a new temporary directory; returns both paths. */
export function writeBeatConfig(options: {
  prefix: string;
  feeds?: ReadonlyArray<{ url: string; name: string }>;
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
        ? ['feeds:', ...feeds.map((f) => `  - { url: "${f.url}", name: ${f.name} }`)]
        : []),
      'match: { strong: [CECOT] }',
    ].join('\n'),
  );
  writeFileSync(configFile, `redis: { keyPrefix: ${options.prefix} }\ntopics: [${topicFile}]\n`);
  return { dir, configFile };
}
