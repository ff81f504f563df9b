/**
 * The analysis engine: the ingest worker's view of its beats' analysers. Each call is one step for
 * one beat — catch up with records other workers stored, take new known facts, drop stories past
 * retention, then analyse new items in order — so the same steps give the same results whether
 * the analysers live on this thread ({@link createLocalAnalysisEngine}) or on their own
 * (`thread.ts`), where analysis no longer holds up the event loop that serves Redis and BullMQ.
 */
import type { AnalysedItem, Analyser, AnalyserOptions, SourcedItem, StoryRecord } from '../analysis.js';
import type { KnownFact, Topic } from '../config/schema.js';

/** One step of one beat's analyser, applied in field order. */
export interface AnalysisStep {
  topic: string;
  /** Start from an empty index comparing against these facts (a new or rebuilt analyser). */
  reset?: { knownFacts: KnownFact[] };
  /** Known facts that items from now on are compared against. */
  knownFacts?: KnownFact[];
  /** Records stored by other workers since this analyser last looked, in log order. */
  remember?: StoryRecord[];
  /** Drop stories published before this (epoch ms). */
  forgetBefore?: number;
  /** New items, analysed one after another (each sees the ones before it). */
  items: SourcedItem[];
}

/** What analysing one item gives: the item for display and delivery, the record for the index. */
export interface AnalysisResult {
  item: AnalysedItem;
  record: StoryRecord;
}

/** Runs steps for the beats of one process. Steps of one beat must not overlap. */
export interface AnalysisEngine {
  /**
   * Applies a step; rejects when the beat's analyser is unknown (no reset yet) or an item fails,
   * after which the beat's analyser must be rebuilt with a `reset` step.
   */
  run(step: AnalysisStep): Promise<AnalysisResult[]>;
  /** Frees what the engine holds (a thread). */
  close(): Promise<void>;
}

/** Makes an analyser for a beat (the real one, or a stand-in that replays results). */
export type AnalyserFactory = (topic: Topic, options: AnalyserOptions) => Analyser;

/** Applies steps synchronously; the core of both engines. */
export function createStepRunner(
  topics: ReadonlyMap<string, Topic>,
  createAnalyser: AnalyserFactory,
): (step: AnalysisStep) => AnalysisResult[] {
  const analysers = new Map<string, Analyser>();
  return (step) => {
    const topic = topics.get(step.topic);
    if (!topic) throw new Error(`analysis: no beat "${step.topic}" is configured`);
    if (step.reset) analysers.set(step.topic, createAnalyser(topic, { knownFacts: step.reset.knownFacts }));
    const analyser = analysers.get(step.topic);
    if (!analyser) throw new Error(`analysis: the analyser of "${step.topic}" must be reset first`);
    try {
      if (step.knownFacts) analyser.setKnownFacts(step.knownFacts);
      for (const record of step.remember ?? []) analyser.remember(record);
      if (step.forgetBefore !== undefined) analyser.forget(step.forgetBefore);
      return step.items.map((input) => analyser.analyse(input));
    } catch (err) {
      // Part of the step may have been applied: nothing may build on this analyser any more.
      analysers.delete(step.topic);
      throw err;
    }
  };
}

/** An engine that analyses on the calling thread. */
export function createLocalAnalysisEngine(
  topics: ReadonlyMap<string, Topic>,
  createAnalyser: AnalyserFactory,
): AnalysisEngine {
  const runStep = createStepRunner(topics, createAnalyser);
  let closed = false;
  return {
    run: async (step) => {
      if (closed) throw new Error('analysis engine is closed');
      return runStep(step);
    },
    close: async () => {
      closed = true;
    },
  };
}
