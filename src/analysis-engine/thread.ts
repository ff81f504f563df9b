/**
 * An analysis engine on a worker thread of its own. Analysis is pure CPU work; on the main thread
 * it would hold up everything else the ingest worker does (BullMQ fetching and completing jobs,
 * Redis replies, lock extensions) for as long as a batch takes. On its own thread, the main
 * thread keeps the queue moving while a batch is analysed, and a second core does the analysis.
 *
 * The thread is started on the first step and started again after it dies; a step in flight when
 * it dies is rejected, and so is every later step of a beat until that beat is reset (its
 * analyser died with the thread).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Topic } from '../config/schema.js';
import type { AnalysisEngine, AnalysisResult, AnalysisStep } from './engine.js';
import type { StepReply, StepRequest } from './thread-entry.js';

/** Raised for a step the thread could not run; the message is the thread's. */
export class AnalysisThreadError extends Error {
  readonly code = 'ANALYSIS_THREAD';
}

/**
 * The ES module entry of tsx's loader API. `require.resolve` would give its CommonJS entry, which
 * cannot register the loader from an ES module, so the entry is read from the package's exports.
 */
function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const entry = exports['./esm/api']?.import?.default;
  if (!entry) throw new AnalysisThreadError('cannot find the ES module entry of tsx/esm/api');
  return pathToFileURL(join(dirname(manifest), entry)).href;
}

/**
 * Starts the thread on this module's sibling entry. From compiled JavaScript that is a plain
 * module; from TypeScript sources (the demo, the tests) the thread first registers the same
 * loader the main thread runs under, which threads do not inherit.
 */
function spawn(topics: readonly Topic[]): Worker {
  const compiled = import.meta.url.endsWith('.js');
  const entry = new URL(`./thread-entry.${compiled ? 'js' : 'ts'}`, import.meta.url);
  const workerData = { topics };
  if (compiled) return new Worker(entry, { workerData });
  const loader = tsxLoaderUrl();
  const code = `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(code, { eval: true, workerData });
}

interface Waiting {
  resolve(results: AnalysisResult[]): void;
  reject(err: Error): void;
}

/** An engine whose analysers live on one worker thread shared by every beat of the process. */
export function createThreadAnalysisEngine(topics: readonly Topic[]): AnalysisEngine {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();
  /** Beats whose analyser died with a thread: their next step must reset it. */
  const lost = new Set<string>();
  let closed = false;

  function failAll(err: Error): void {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  }

  function start(): Worker {
    const w = spawn(topics);
    // The thread must not keep the process alive on its own: idle, it waits for steps forever.
    w.unref();
    w.on('message', (reply: StepReply) => {
      const entry = waiting.get(reply.id);
      if (!entry) return;
      waiting.delete(reply.id);
      if (reply.ok) entry.resolve(reply.results);
      else {
        const err = new AnalysisThreadError(reply.message);
        if (reply.stack) err.stack = reply.stack;
        entry.reject(err);
      }
    });
    w.on('error', (err) => failAll(new AnalysisThreadError(`analysis thread failed: ${err.message}`)));
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = null;
      for (const t of topics) lost.add(t.id);
      failAll(new AnalysisThreadError(`analysis thread exited (code ${code})`));
    });
    return w;
  }

  return {
    run(step: AnalysisStep) {
      if (closed) return Promise.reject(new AnalysisThreadError('analysis engine is closed'));
      if (step.reset) lost.delete(step.topic);
      else if (lost.has(step.topic))
        return Promise.reject(
          new AnalysisThreadError(`the analyser of "${step.topic}" was lost with its thread`),
        );
      worker ??= start();
      const id = nextId++;
      const request: StepRequest = { id, step };
      return new Promise<AnalysisResult[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker!.postMessage(request);
      });
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      failAll(new AnalysisThreadError('analysis engine closed'));
      if (w) await w.terminate();
    },
  };
}
