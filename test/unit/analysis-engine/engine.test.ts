import { afterAll, describe, expect, it } from 'vitest';
import { createAnalyser, inPublicationOrder, type SourcedItem } from '../../../src/analysis.js';
import { createLocalAnalysisEngine } from '../../../src/analysis-engine/engine.js';
import { createThreadAnalysisEngine } from '../../../src/analysis-engine/thread.js';
import { loadConfig } from '../../../src/config/load.js';
import { STREAM } from '../dedupe/beat-stories.js';

const topic = loadConfig({ path: 'config/default.yaml', env: {} }).topics[0]!;
const topics = new Map([[topic.id, topic]]);
const stream = inPublicationOrder(STREAM);
const reset = { knownFacts: topic.brief.facts };

/** What one analyser on this thread gives for the whole stream, item by item. */
function expected() {
  const analyser = createAnalyser(topic);
  return stream.map((input) => analyser.analyse(input));
}

const engines = {
  'on this thread': () => createLocalAnalysisEngine(topics, createAnalyser),
  'on its own thread': () => createThreadAnalysisEngine([topic]),
};

describe.each(Object.entries(engines))('analysis engine %s', (_name, create) => {
  const engine = create();
  afterAll(() => engine.close());

  it('gives, step after step, what one analyser gives for the whole stream', async () => {
    const half = Math.ceil(stream.length / 2);
    const first = await engine.run({ topic: topic.id, reset, items: stream.slice(0, half) });
    const second = await engine.run({ topic: topic.id, items: stream.slice(half) });
    expect([...first, ...second]).toEqual(expected());
  });

  it('rebuilds an index from remembered records: a copy seen elsewhere is a duplicate here', async () => {
    const elsewhere = createAnalyser(topic);
    const records = stream.map((input) => elsewhere.analyse(input).record);
    const copy = stream.find((s) => s.item.id === 'ruling-copy')!;
    const again: SourcedItem = { ...copy, item: { ...copy.item, id: 'ruling-copy-again' } };
    const [result] = await engine.run({ topic: topic.id, reset, remember: records, items: [again] });
    expect(result!.item.duplicateOf).toBe('ruling-wire');
  });

  it('refuses a beat it has no analyser for until it is reset', async () => {
    const fresh = create();
    try {
      await expect(fresh.run({ topic: topic.id, items: stream.slice(0, 1) })).rejects.toThrow(/reset/);
      await expect(fresh.run({ topic: 'nope', reset, items: [] })).rejects.toThrow(/no beat "nope"/);
      const [ok] = await fresh.run({ topic: topic.id, reset, items: stream.slice(0, 1) });
      expect(ok!.item.id).toBe(stream[0]!.item.id);
    } finally {
      await fresh.close();
    }
  });

  it('after an item fails, drops the beat analyser: the next step must reset it', async () => {
    const broken = { item: null, source: { feedUrl: 'x', name: 'x' } } as unknown as SourcedItem;
    await expect(engine.run({ topic: topic.id, reset, items: [stream[0]!, broken] })).rejects.toThrow();
    await expect(engine.run({ topic: topic.id, items: stream.slice(1, 2) })).rejects.toThrow(/reset/);
    const results = await engine.run({ topic: topic.id, reset, items: stream });
    expect(results).toEqual(expected());
  });

  it('refuses steps once closed', async () => {
    const closing = create();
    await closing.run({ topic: topic.id, reset, items: [] });
    await closing.close();
    await expect(closing.run({ topic: topic.id, reset, items: [] })).rejects.toThrow(/closed/);
  });
});
