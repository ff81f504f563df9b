/**
 * Loaded into a `beatwatch` process by the memory bench (`node --import`): every second, each
 * thread (the event loop, the analysis thread) writes its V8 heap and its memory outside the heap
 * (array buffers and the like) to
 * `<BEATWATCH_BENCH_PROBE>-<thread id>.json`, so the page can say where the resident memory goes.
 * Plain JavaScript: it runs in the compiled service too.
 */
import { writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { threadId } from 'node:worker_threads';

const target = process.env.BEATWATCH_BENCH_PROBE;
if (target) {
  setInterval(() => {
    const heap = getHeapStatistics();
    const sample = {
      threadId,
      heapUsed: heap.used_heap_size,
      heapTotal: heap.total_heap_size,
      external: heap.external_memory,
    };
    writeFileSync(`${target}-${threadId}.json`, JSON.stringify(sample));
  }, 1000).unref();
}
