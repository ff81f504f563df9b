/** The real CECOT beat, loaded from the repository's configuration. */
import { loadConfig } from '../../../src/config/load.js';
import type { Topic } from '../../../src/config/schema.js';

export function cecotTopic(): Topic {
  const topic = loadConfig({ path: 'config/default.yaml', env: {} }).topics.find((t) => t.id === 'cecot');
  if (!topic) throw new Error('config/default.yaml has no cecot topic');
  return topic;
}
