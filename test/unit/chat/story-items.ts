import { createHash } from 'node:crypto';
/** Builders' test inputs: the CECOT topic as configured, and analysed items made by hand. */
import { resolve } from 'node:path';
import type { StoryItem } from '../../../src/chat/core/stories.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Topic } from '../../../src/config/schema.js';
import type { FactChange } from '../../../src/facts/types.js';
import type { StoredStory } from '../../../src/store/types.js';

/** The cecot topic from config/default.yaml (with its brief). */
export function cecotTopic(): Topic {
  const config = loadConfig({ path: resolve('config/default.yaml'), env: {} });
  const topic = config.topics.find((t) => t.id === 'cecot');
  if (!topic) throw new Error('cecot topic missing from config/default.yaml');
  return topic;
}

let counter = 0;

/** An analysed, relevant, original item; override any field. */
export function storyItem(overrides: Partial<StoryItem> = {}): StoryItem {
  counter += 1;
  return {
    id: `item-${counter}`,
    title: `Story ${counter}`,
    link: `https://news.example/${counter}`,
    published: '2026-11-27T15:00:00Z',
    source: { feedUrl: 'https://news.example/feed.xml', name: 'Example News' },
    relevant: true,
    duplicateOf: null,
    cluster: `cluster-${counter}`,
    followUp: false,
    matched: ['CECOT'],
    factChanges: [],
    summary: 'A summary.',
    whatChanged: [],
    ...overrides,
  };
}

/** {@link storyItem} as the store keeps it; stored when it was published unless `storedAtMs` is given. */
export function storedStory(overrides: Partial<StoryItem> = {}, storedAtMs?: number): StoredStory {
  const item = storyItem(overrides);
  return {
    // Stored keys are hex digests, as ingest makes them (follows take their first 8 characters).
    key: createHash('sha1').update(item.id).digest('hex').slice(0, 20),
    topic: 'cecot',
    feedUrl: item.source.feedUrl,
    item: { ...item, score: 2, language: 'en', claims: [] },
    storedAtMs: storedAtMs ?? (Date.parse(item.published ?? '') || Date.now()),
  };
}

/** A reported deaths-in-custody figure that differs from the known 454. */
export function deathsDiffer(value = 473, source = 'Example News'): FactChange {
  return {
    metric: 'deaths_in_custody',
    status: 'differs',
    known: { value: 454, qualifier: 'exact', source: 'Socorro Jurídico Humanitario', date: '2025-12-23' },
    reported: { value, qualifier: 'exact', source, date: '2026-11-27', text: `${value} deaths in custody` },
  };
}

/** Hostile strings every builder must defuse. */
export const HOSTILE = '@everyone <!channel> <@U123ABC> @here \u001b[31mred\u001b[0m \u202eevil';
