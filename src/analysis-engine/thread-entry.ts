/**
 * Entry of the analysis thread: applies the steps the main thread posts, one at a time, in the
 * order they arrive, and posts back each step's results or its error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyser } from '../analysis.js';
import type { Topic } from '../config/schema.js';
import { type AnalysisStep, createStepRunner } from './engine.js';

/** A request from the main thread. */
export interface StepRequest {
  id: number;
  step: AnalysisStep;
}

/** The answer to one request. */
export type StepReply =
  | { id: number; ok: true; results: ReturnType<ReturnType<typeof createStepRunner>> }
  | { id: number; ok: false; message: string; stack?: string };

const port = parentPort;
if (!port) throw new Error('analysis thread: must run as a worker thread');
const topics = new Map((workerData.topics as Topic[]).map((t) => [t.id, t]));
const runStep = createStepRunner(topics, createAnalyser);
port.on('message', ({ id, step }: StepRequest) => {
  let reply: StepReply;
  try {
    reply = { id, ok: true, results: runStep(step) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id, ok: false, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  }
  port.postMessage(reply);
});
